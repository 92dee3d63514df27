using Bptl.Grains.Interfaces.Services;
using Bptl.Grains.Services;
using Bptl.Services.Http;
using Bptl.Services.Model;
using Bptl.Services.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bptl.Services.Runtime;

/// <summary>Gives each run its view of the configured services: the silo's registry, the run's application and timeline.</summary>
internal sealed class ExternalServicesFactory(ServiceRegistry registry, ServiceHttp http, IOptions<ExternalServicesOptions> options, TimeProvider time,
    ILoggerFactory loggerFactory) : IExternalServicesFactory
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<RecordingHandler>();

    public IExternalServices Create(ExternalServiceScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new RunServices(this, scope);
    }

    internal HttpClient CreateClient(string name, ExternalServiceScope scope)
    {
        var service = registry.Find(name) ?? throw new UnknownServiceException(name);
        var (auth, credential) = Resolve(service, scope.AppId);
        var recording = new RecordingScope(scope.Timeline, name, scope.AppId, credential, service.Definition.RecordBodies,
            options.Value.MaxRecordedBodyLength, auth);
        // The handlers are per run and hold nothing to release; the socket handler under them is shared, so the
        // client must never dispose it.
#pragma warning disable CA2000
        var chain = new RecordingHandler(recording, time, _logger) { InnerHandler = new AuthHandler(auth) { InnerHandler = http.Handler } };
#pragma warning restore CA2000
        var client = new HttpClient(chain, disposeHandler: false) { BaseAddress = service.BaseAddress };
        if (service.Definition.Timeout is { } timeout)
        {
            client.Timeout = timeout;
        }

        return client;
    }

    /// <summary>The credential for <paramref name="appId"/>: the application's own, else the service's default.</summary>
    private static (ServiceAuth Auth, string? Credential) Resolve(ServiceEntry service, string? appId)
    {
        var name = service.Definition.Name;
        if (service.Definition.Auth == ServiceAuthKind.None)
        {
            return (NoAuth.Instance, null);
        }

        CredentialEntry? entry = null;
        if (appId is not null)
        {
            entry = service.Credentials.GetValueOrDefault(appId);
        }

        entry ??= service.Credentials.GetValueOrDefault("");
        if (entry is null)
        {
            throw new ExternalServiceCredentialsException(name, appId, appId is null
                ? $"External service '{name}' has no default credential, and the process names no application (variable bptlAppId)."
                : $"External service '{name}' has no credential for application '{appId}' and no default credential.");
        }

        var which = entry.StoredAppId.Length == 0 ? "default" : entry.StoredAppId;
        if (entry.Auth is null)
        {
            throw new ExternalServiceCredentialsException(name, appId,
                $"External service '{name}': the {(entry.StoredAppId.Length == 0 ? "default credential" : $"credential of application '{which}'")} {entry.Problem}");
        }

        return (entry.Auth, which);
    }

    /// <summary>One run's services: a client per service name, made on first use and kept for the run.</summary>
    private sealed class RunServices(ExternalServicesFactory factory, ExternalServiceScope scope) : IExternalServices
    {
        private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

        public HttpClient Http(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            lock (_clients)
            {
                if (!_clients.TryGetValue(name, out var client))
                {
                    client = factory.CreateClient(name, scope);
                    _clients[name] = client;
                }

                return client;
            }
        }
    }
}
