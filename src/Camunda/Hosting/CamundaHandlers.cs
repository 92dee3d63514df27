using Bptl.Camunda.Auth;
using Bptl.Camunda.Resilience;
using Microsoft.Extensions.Logging;

namespace Bptl.Camunda;

/// <summary>Builds the handler chain: resilience (retries, attempt timeouts) → authentication → sockets.</summary>
internal static class CamundaHandlers
{
    public static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        // Recycle connections so DNS changes (a moved engine) are seen, and fail fast when the engine is down.
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        MaxConnectionsPerServer = 256,
    };

    public static ICamundaCredentials CreateCredentials(CamundaAuthOptions auth, Func<HttpClient> tokenClient, bool ownsTokenClient,
        TimeProvider timeProvider, ILoggerFactory loggerFactory) =>
        auth.Mode == CamundaAuthMode.OAuth2ClientCredentials
            ? new OAuth2TokenSource(auth, tokenClient(), ownsTokenClient, timeProvider, loggerFactory.CreateLogger("Bptl.Camunda.Auth"))
            : new StaticCredentials(auth);

    public static DelegatingHandler Chain(HttpMessageHandler primary, CamundaClientOptions options, ICamundaCredentials credentials,
        TimeProvider timeProvider, ILoggerFactory loggerFactory) =>
        new CamundaResilienceHandler(options.Retry, timeProvider, loggerFactory.CreateLogger("Bptl.Camunda.Resilience"))
        {
            InnerHandler = new CamundaAuthHandler(credentials) { InnerHandler = primary },
        };

    public static void Configure(HttpClient client, CamundaClientOptions options)
    {
        var address = options.BaseAddress!.AbsoluteUri;
        client.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        // Attempt timeouts live in the resilience handler, per request (long polls need longer ones).
        client.Timeout = Timeout.InfiniteTimeSpan;
        client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
    }
}
