using System.Text.Json;
using Bptl.Sandbox.Engine;
using Bptl.Sandbox.Hosting;
using Bptl.Sandbox.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bptl.Sandbox.Faults;

/// <summary>
/// The fault-injection API over HTTP, outside <c>/engine-rest</c> (no authentication, still
/// answered while the engine is paused) so out-of-process callers can use it:
/// <list type="bullet">
/// <item><c>POST /sandbox-control/faults</c> <c>{"endpoint":"complete","kind":"fail|delay|drop|dropAnswer","count":1,"status":500,"type":"...","message":"...","code":0,"delayMs":100}</c></item>
/// <item><c>DELETE /sandbox-control/faults[?endpoint=complete]</c></item>
/// <item><c>POST /sandbox-control/pause</c>, <c>POST /sandbox-control/resume</c></item>
/// <item><c>GET /sandbox-control/calls</c> (counts by endpoint), <c>DELETE /sandbox-control/calls</c></item>
/// <item><c>GET /sandbox-control/status</c></item>
/// </list>
/// </summary>
internal static class FaultControlEndpoints
{
    public const string Prefix = "/sandbox-control";

    private static SandboxJsonContext Json => SandboxJsonContext.Wire;

    public static void Map(IEndpointRouteBuilder routes, SandboxServices services)
    {
        routes.MapPost(Prefix + "/faults", context => Guard(context, () => AddFaultAsync(context, services)));
        routes.MapDelete(Prefix + "/faults", context => Guard(context, () =>
        {
            if (context.Request.Query["endpoint"].ToString() is { Length: > 0 } name)
            {
                services.Faults.Clear(ParseEndpoint(name));
            }
            else
            {
                services.Faults.Clear();
            }

            HttpIo.NoContent(context);
            return Task.CompletedTask;
        }));
        routes.MapPost(Prefix + "/pause", context =>
        {
            services.Faults.Pause();
            HttpIo.NoContent(context);
            return Task.CompletedTask;
        });
        routes.MapPost(Prefix + "/resume", context =>
        {
            services.Faults.Resume();
            HttpIo.NoContent(context);
            return Task.CompletedTask;
        });
        routes.MapGet(Prefix + "/calls", context =>
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (endpoint, count) in services.Calls.Snapshot())
            {
                counts[EndpointName(endpoint)] = count;
            }

            return HttpIo.WriteJsonAsync(context, counts, Json.DictionaryStringInt64);
        });
        routes.MapDelete(Prefix + "/calls", context =>
        {
            services.Calls.Reset();
            HttpIo.NoContent(context);
            return Task.CompletedTask;
        });
        routes.MapGet(Prefix + "/status", context => HttpIo.WriteJsonAsync(
            context,
            new SandboxStatusDto { Paused = services.Faults.IsPaused, PendingFetchAndLock = services.Dispatcher.PendingCount },
            Json.SandboxStatusDto));
    }

    public static string EndpointName(SandboxEndpoint endpoint) => JsonNamingPolicy.CamelCase.ConvertName(endpoint.ToString());

    private static async Task AddFaultAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.FaultRequestDto) ?? new FaultRequestDto();
        var endpoint = ParseEndpoint(dto.Endpoint);
        var count = dto.Count ?? 1;
        switch (dto.Kind?.ToUpperInvariant())
        {
            case "FAIL":
                services.Faults.FailNext(endpoint, count, dto.Status ?? 500, dto.Type ?? "ProcessEngineException",
                    dto.Message ?? "Fault injected by the sandbox engine", dto.Code);
                break;
            case "DELAY":
                services.Faults.DelayNext(endpoint, TimeSpan.FromMilliseconds(dto.DelayMs ?? 0), count);
                break;
            case "DROP":
                services.Faults.DropNext(endpoint, count);
                break;
            case "DROPANSWER":
                services.Faults.DropAnswerNext(endpoint, count);
                break;
            default:
                throw Errors.InvalidRequest(400, "kind must be one of fail, delay, drop, dropAnswer");
        }

        HttpIo.NoContent(context);
    }

    private static SandboxEndpoint ParseEndpoint(string? name)
    {
        foreach (var endpoint in Enum.GetValues<SandboxEndpoint>())
        {
            if (string.Equals(endpoint.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                return endpoint;
            }
        }

        throw Errors.InvalidRequest(400, "Unknown endpoint '" + name + "'");
    }

    private static async Task Guard(HttpContext context, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (EngineError error)
        {
            await HttpIo.WriteErrorAsync(context, error);
        }
        catch (ArgumentOutOfRangeException e)
        {
            await HttpIo.WriteErrorAsync(context, Errors.InvalidRequest(400, e.Message));
        }
    }
}
