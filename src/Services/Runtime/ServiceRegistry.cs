using System.Collections.Frozen;
using Bptl.Services.Http;
using Bptl.Services.Model;
using Bptl.Services.Secrets;
using Bptl.Services.Store;
using Bptl.Storage.Services;
using Microsoft.Extensions.Logging;

namespace Bptl.Services.Runtime;

/// <summary>A service as a silo holds it: its definition and its credentials, decrypted and ready to use.</summary>
internal sealed record ServiceEntry(ExternalServiceDefinition Definition, Uri BaseAddress, FrozenDictionary<string, CredentialEntry> Credentials);

/// <summary>A credential as a silo holds it; <see cref="Auth"/> is null when it cannot be used, and <see cref="Problem"/> says why.</summary>
internal sealed record CredentialEntry(string StoredAppId, ServiceAuth? Auth, string? Problem = null);

/// <summary>
/// The services as last read from storage, replaced whole at every refresh so that <c>Http(name)</c> needs no I/O.
/// OAuth2 token caches survive a refresh when nothing they depend on changed.
/// </summary>
internal sealed partial class ServiceRegistry(ServiceRowStore rows, SecretProtector secrets, ServiceHttp http, TimeProvider time, ILoggerFactory loggerFactory)
{
    private static readonly TimeSpan FirstLoadWait = TimeSpan.FromSeconds(30);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger = loggerFactory.CreateLogger<ServiceRegistry>();
    private FrozenDictionary<string, ServiceEntry>? _services;

    /// <summary>Completes after the first load.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>The names of the services loaded.</summary>
    public IReadOnlyCollection<string> Names => Volatile.Read(ref _services)?.Keys ?? [];

    /// <summary>The service named <paramref name="name"/>, or null. Before the first load it waits for it (bounded).</summary>
    public ServiceEntry? Find(string name)
    {
        var services = Volatile.Read(ref _services);
        if (services is null)
        {
            // Only a work unit started before the silo finished starting gets here.
            if (!_loaded.Task.Wait(FirstLoadWait))
            {
                throw new InvalidOperationException($"External services are not loaded yet ({FirstLoadWait} after asking for '{name}'): the silo cannot read them from its database.");
            }

            services = Volatile.Read(ref _services)!;
        }

        return services.GetValueOrDefault(name);
    }

    /// <summary>Reads every service and credential; returns how many services there are.</summary>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken)
    {
        await secrets.EnsureKeyRingAsync(cancellationToken).ConfigureAwait(false);
        var (services, credentials) = await rows.AllAsync(cancellationToken).ConfigureAwait(false);
        var previous = Volatile.Read(ref _services);
        var byService = credentials.ToLookup(c => c.Service, StringComparer.Ordinal);
        var next = new Dictionary<string, ServiceEntry>(StringComparer.Ordinal);
        foreach (var row in services)
        {
            try
            {
                var definition = ServiceRowMapping.ToDefinition(row);
                var old = previous?.GetValueOrDefault(row.Name);
                next[row.Name] = new ServiceEntry(definition, BaseAddress(definition.BaseUrl),
                    byService[row.Name].Select(c => Credential(definition, c, old)).ToFrozenDictionary(c => c.StoredAppId, StringComparer.Ordinal));
            }
            catch (Exception ex) when (ex is UriFormatException or InvalidOperationException)
            {
                // One bad row (edited by hand) must not hide the other services.
                LogBadService(_logger, row.Name, ex.Message);
            }
        }

        Volatile.Write(ref _services, next.ToFrozenDictionary(StringComparer.Ordinal));
        _loaded.TrySetResult();
        return next.Count;
    }

    /// <summary>Relative request addresses resolve under the whole base path only when it ends with a slash.</summary>
    internal static Uri BaseAddress(Uri url) => url.AbsolutePath.EndsWith('/') ? url : new Uri(url.GetLeftPart(UriPartial.Path) + "/");

    private CredentialEntry Credential(ExternalServiceDefinition service, CredentialRow row, ServiceEntry? old)
    {
        string? secret = null;
        if (row.Secret is not null && !secrets.TryUnprotect(row.Secret, ExternalServiceStore.Describe(service.Name, row.AppId), out secret))
        {
            return new CredentialEntry(row.AppId, null,
                "cannot be decrypted: its Data Protection key is not in the key ring (bptl_data_protection_key). Set the secret again.");
        }

        ServiceAuth? auth = service.Auth switch
        {
            ServiceAuthKind.ApiKey when secret is not null && service.ApiKeyHeader is not null => new ApiKeyAuth(service.ApiKeyHeader, secret),
            ServiceAuthKind.Basic when secret is not null && row.UserName is not null => StaticAuthorization.Basic(row.UserName, secret),
            ServiceAuthKind.Bearer when secret is not null => StaticAuthorization.Bearer(secret),
            ServiceAuthKind.OAuth2ClientCredentials when secret is not null && row.ClientId is not null && service.TokenUrl is not null =>
                OAuth2(service, new OAuth2Settings(service.TokenUrl, row.ClientId, secret, service.Scope), old?.Credentials.GetValueOrDefault(row.AppId)),
            _ => null,
        };
        if (auth is null)
        {
            LogIncomplete(_logger, ExternalServiceStore.Describe(service.Name, row.AppId), service.Auth);
            return new CredentialEntry(row.AppId, null,
                $"is incomplete for {service.Auth} authentication (it lacks {MissingParts(service.Auth)}). Set it again.");
        }

        return new CredentialEntry(row.AppId, auth);
    }

    private static string MissingParts(ServiceAuthKind auth) => auth switch
    {
        ServiceAuthKind.Basic => "a user name or a password",
        ServiceAuthKind.OAuth2ClientCredentials => "a client id or a client secret",
        _ => ExternalServiceRules.SecretName(auth),
    };

    private OAuth2Auth OAuth2(ExternalServiceDefinition service, OAuth2Settings settings, CredentialEntry? old) =>
        old?.Auth is OAuth2Auth kept && kept.Tokens.Settings == settings
            ? kept
            : new OAuth2Auth(new OAuth2TokenCache(service.Name, settings, http.Handler, time, _logger));

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "External service {Service} is skipped: {Error}")]
    private static partial void LogBadService(ILogger logger, string service, string error);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "The credential of {What} is incomplete for {Auth} authentication; set it again")]
    private static partial void LogIncomplete(ILogger logger, string what, ServiceAuthKind auth);
}
