using Bptl.Silo.Api;
using Bptl.Silo.Health;
using Bptl.Silo.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bptl.Silo.Http;

/// <summary>
/// The silo's optional HTTP endpoint, off unless <c>Bptl:Silo:HealthUrl</c> is set: the health routes, and the
/// direct-execution API when API keys are configured.
/// </summary>
internal sealed partial class SiloHttpServer(
    HealthRoutes health,
    DirectExecutionEndpoint directExecution,
    IOptions<BptlOptions> options,
    ILogger<SiloHttpServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Where it listens once started (the real port when the configured one was 0), or null when it is off.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Silo.HealthUrl is not { } url)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.Value.Api.MaxRequestBytes);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        health.Map(_app);
        directExecution.Map(_app);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Address = new Uri(bound ?? url);
        LogListening(logger, Address, directExecution.Enabled);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 3601, Level = LogLevel.Information, Message = "HTTP endpoint listening on {Url} (health; direct-execution API enabled: {Api})")]
    private static partial void LogListening(ILogger logger, Uri url, bool api);
}
