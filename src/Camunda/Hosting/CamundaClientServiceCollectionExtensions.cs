using Bptl.Camunda.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bptl.Camunda;

/// <summary>Registers Camunda clients with dependency injection.</summary>
public static class CamundaClientServiceCollectionExtensions
{
    /// <summary>The name of the client registered without a name.</summary>
    public const string DefaultName = "default";

    /// <summary>
    /// Registers the default engine's client: <see cref="CamundaClient"/> resolves to it, and
    /// <see cref="CamundaClientFactory"/> creates it by <see cref="DefaultName"/>. Options are validated at start.
    /// Safe to call twice: a second call adds its configuration, not a second handler chain.
    /// </summary>
    public static IServiceCollection AddCamundaClient(this IServiceCollection services, Action<CamundaClientOptions> configure) =>
        services.AddCamundaClient(DefaultName, configure);

    /// <summary>Registers a named engine's client; create it with <see cref="CamundaClientFactory.Create"/>.</summary>
    public static IServiceCollection AddCamundaClient(this IServiceCollection services, string name, Action<CamundaClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<CamundaClientOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CamundaClientOptions>, CamundaClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CamundaClientFactory>();
        services.TryAddSingleton<CamundaCredentialsCache>();
        if (name == DefaultName)
        {
            services.TryAddTransient(sp => sp.GetRequiredService<CamundaClientFactory>().Create(DefaultName));
        }

        var registry = GetRegistry(services);
        if (!registry.Add(name))
        {
            return services;
        }

        services.AddHttpClient(CamundaClientFactory.HttpClientName(name))
            .ConfigurePrimaryHttpMessageHandler(CamundaHandlers.CreatePrimaryHandler)
            .ConfigureHttpClient((sp, client) => CamundaHandlers.Configure(client, Options(sp, name)))
            .AddHttpMessageHandler(sp => new Resilience.CamundaResilienceHandler(Options(sp, name).Retry,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Bptl.Camunda.Resilience")))
            .AddHttpMessageHandler(sp => new CamundaAuthHandler(sp.GetRequiredService<CamundaCredentialsCache>().Get(name)));
        services.AddHttpClient(CamundaCredentialsCache.TokenClientName)
            .ConfigurePrimaryHttpMessageHandler(CamundaHandlers.CreatePrimaryHandler);
        return services;
    }

    private static CamundaClientOptions Options(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<CamundaClientOptions>>().Get(name);

    private static HashSet<string> GetRegistry(IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(CamundaClientRegistry))?.ImplementationInstance as CamundaClientRegistry;
        if (existing is null)
        {
            existing = new CamundaClientRegistry();
            services.AddSingleton(existing);
        }

        return existing.Names;
    }

    private sealed class CamundaClientRegistry
    {
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>Creates clients of the engines registered with <c>AddCamundaClient</c>, by name.</summary>
public sealed class CamundaClientFactory(IHttpClientFactory httpClientFactory, IOptionsMonitor<CamundaClientOptions> options)
{
    internal static string HttpClientName(string name) => "Bptl.Camunda:" + name;

    /// <summary>A client of the engine registered as <paramref name="name"/>. Cheap: connections are pooled.</summary>
    public CamundaClient Create(string name = CamundaClientServiceCollectionExtensions.DefaultName)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new CamundaClient(httpClientFactory.CreateClient(HttpClientName(name)), options.Get(name));
    }
}

/// <summary>One credentials object per engine name, so an OAuth2 token outlives the rotation of handlers.</summary>
internal sealed class CamundaCredentialsCache(IOptionsMonitor<CamundaClientOptions> options, IHttpClientFactory httpClientFactory,
    TimeProvider timeProvider, ILoggerFactory loggerFactory) : IDisposable
{
    public const string TokenClientName = "Bptl.Camunda.Token";
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<ICamundaCredentials>> _byName = new(StringComparer.Ordinal);

    public ICamundaCredentials Get(string name) =>
        _byName.GetOrAdd(name, n => new Lazy<ICamundaCredentials>(() => CamundaHandlers.CreateCredentials(
            options.Get(n).Authentication, () => httpClientFactory.CreateClient(TokenClientName), ownsTokenClient: false,
            timeProvider, loggerFactory))).Value;

    public void Dispose()
    {
        foreach (var credentials in _byName.Values)
        {
            if (credentials.IsValueCreated && credentials.Value is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }
}
