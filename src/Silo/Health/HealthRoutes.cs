using System.Net;
using System.Text.Json;
using Bptl.Silo.Claims;
using Bptl.Silo.Leases;
using Bptl.Silo.Membership;
using Bptl.Silo.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Bptl.Silo.Health;

/// <summary>
/// The routes for orchestrators (Kubernetes probes): <c>/health/live</c> answers 200 while the silo's heartbeats reach
/// the database, <c>/health/ready</c> while it is in the cluster and not stopping, and <c>/health</c> gives the details
/// as JSON. Served on the silo's HTTP endpoint (<c>Bptl:Silo:HealthUrl</c>).
/// </summary>
internal sealed class HealthRoutes(
    SiloHealth health,
    SiloIdentity silo,
    SlotPool slots,
    LeaseManager leases,
    Plugins.PluginLoadReport plugins,
    IOptions<BptlOptions> options)
{
    public void Map(IEndpointRouteBuilder app)
    {
        var deadAfter = options.Value.Silo.DeadAfter;
        app.MapGet("/health/live", () => health.IsLive(deadAfter) ? Results.Ok("live") : Results.StatusCode((int)HttpStatusCode.ServiceUnavailable));
        app.MapGet("/health/ready", () => health.IsReady ? Results.Ok("ready") : Results.StatusCode((int)HttpStatusCode.ServiceUnavailable));
        app.MapGet("/health", () => Results.Text(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["silo"] = silo.Id,
            ["name"] = silo.Name,
            ["live"] = health.IsLive(deadAfter),
            ["ready"] = health.IsReady,
            ["lastHeartbeat"] = health.LastHeartbeat,
            ["freeSlots"] = slots.Free,
            ["slots"] = slots.Total,
            ["topics"] = leases.HeldTopics.Select(t => t.ToString()).ToArray(),
            ["plugins"] = plugins.Loaded.Select(p => p.Name).ToArray(),
            ["failedPlugins"] = plugins.Failed.Select(p => p.Name).ToArray(),
        }), "application/json"));
    }
}
