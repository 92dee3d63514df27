using System.Net;
using System.Text.Json;
using Bptl.Silo.Claims;
using Bptl.Silo.Leases;
using Bptl.Silo.Membership;
using Bptl.Silo.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bptl.Silo.Health;

/// <summary>
/// An optional HTTP endpoint for orchestrators (Kubernetes probes): <c>/health/live</c> answers 200 while the
/// silo's heartbeats reach the database, <c>/health/ready</c> while it is in the cluster and not stopping, and
/// <c>/health</c> gives the details as JSON. Off unless <c>Bptl:Silo:HealthUrl</c> is set.
/// </summary>
internal sealed partial class HealthEndpoint(
    SiloHealth health,
    SiloIdentity silo,
    SlotPool slots,
    LeaseManager leases,
    IOptions<BptlOptions> options,
    ILogger<HealthEndpoint> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Silo.HealthUrl is not { } url)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        var deadAfter = options.Value.Silo.DeadAfter;
        _app.MapGet("/health/live", () => health.IsLive(deadAfter) ? Results.Ok("live") : Results.StatusCode((int)HttpStatusCode.ServiceUnavailable));
        _app.MapGet("/health/ready", () => health.IsReady ? Results.Ok("ready") : Results.StatusCode((int)HttpStatusCode.ServiceUnavailable));
        _app.MapGet("/health", () => Results.Text(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["silo"] = silo.Id,
            ["name"] = silo.Name,
            ["live"] = health.IsLive(deadAfter),
            ["ready"] = health.IsReady,
            ["lastHeartbeat"] = health.LastHeartbeat,
            ["freeSlots"] = slots.Free,
            ["slots"] = slots.Total,
            ["topics"] = leases.HeldTopics.Select(t => t.ToString()).ToArray(),
        }), "application/json"));
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        LogListening(logger, url);
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

    [LoggerMessage(EventId = 3601, Level = LogLevel.Information, Message = "Health endpoint listening on {Url}")]
    private static partial void LogListening(ILogger logger, string url);
}
