using Bptl.Grains.Checkpoints;
using Bptl.Grains.Execution;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Services;
using Bptl.Grains.Tasks;
using Bptl.Silo.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bptl.Silo.Api;

/// <summary>
/// <c>POST /api/v1/work-units/{name}/execute</c>: runs a work unit of this silo at once, without an engine task,
/// through the same <see cref="WorkUnitExecutor"/> as every task (contract checks, exception mapping), and answers
/// with its outcome. 401 without a valid key, 404 for a work unit this silo does not have, 400 for a body that
/// cannot be read, 413 past <see cref="ApiOptions.MaxRequestBytes"/>, 504 past <see cref="ApiOptions.ExecutionTimeout"/>
/// (the run is cancelled), 503 when the silo stops during the run. Not mapped at all (404) while no key is configured.
/// </summary>
internal sealed partial class DirectExecutionEndpoint(
    WorkUnitCatalog workUnits,
    WorkUnitExecutor executor,
    IOptions<BptlOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DirectExecutionEndpoint> logger)
{
    public const string Route = "/api/v1/work-units/{name}/execute";

    private readonly ApiKeys _keys = new(options.Value.Api.Keys);

    private ApiOptions Api => options.Value.Api;

    /// <summary>True when API keys are configured.</summary>
    public bool Enabled => _keys.Any;

    public void Map(IEndpointRouteBuilder app)
    {
        if (Enabled)
        {
            app.MapPost(Route, (HttpContext http, string name) => HandleAsync(http, name));
        }
    }

    private async Task HandleAsync(HttpContext http, string name)
    {
        var caller = _keys.Authenticate(http.Request.Headers);
        if (caller is null)
        {
            LogUnauthorized(logger, name, http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await ErrorAsync(http, StatusCodes.Status401Unauthorized,
                "A valid API key is required: send it as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.").ConfigureAwait(false);
            return;
        }

        if (workUnits.Find(name) is not { } registration)
        {
            await ErrorAsync(http, StatusCodes.Status404NotFound,
                $"This silo has no work unit named '{name}'; it has: {string.Join(", ", workUnits.Names)}.").ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(http).ConfigureAwait(false);
        if (body is null)
        {
            // The rest of the body is not read: the connection cannot serve another request, so say so.
            http.Response.Headers.Connection = "close";
            await ErrorAsync(http, StatusCodes.Status413PayloadTooLarge,
                $"The body is larger than {Api.MaxRequestBytes} bytes (Bptl:Api:MaxRequestBytes).").ConfigureAwait(false);
            return;
        }

        if (!DirectExecutionRequest.TryParse(body, out var request, out var problem))
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, problem!).ConfigureAwait(false);
            return;
        }

        await RunAsync(http, caller, registration, request!).ConfigureAwait(false);
    }

    private async Task RunAsync(HttpContext http, string caller, WorkUnitRegistration registration, DirectExecutionRequest request)
    {
        var timeline = new MemoryTaskTimeline();
        var run = new WorkUnitRunRequest
        {
            Engine = "direct",
            TaskId = "direct-" + Guid.NewGuid().ToString("N"),
            Topic = "direct/" + registration.Name,
            BusinessKey = request.BusinessKey,
            Variables = request.Variables,
            Checkpoint = new MemoryCheckpoint(),
            Timeline = timeline,
        };
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(Api.ExecutionTimeout, time);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, timeout.Token, lifetime.ApplicationStopping);
        WorkUnitRun outcome;
        try
        {
            // A work unit that ignores its token still lets the caller go at the timeout; its late result is dropped.
            outcome = await executor.RunAsync(registration, run, cancel.Token).WaitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            outcome = new WorkUnitRun(null, null);
        }

        if (outcome.Result is not { } result)
        {
            if (http.RequestAborted.IsCancellationRequested)
            {
                LogAbandoned(logger, caller, registration.Name);
            }
            else if (timeout.IsCancellationRequested)
            {
                LogTimedOut(logger, caller, registration.Name, Api.ExecutionTimeout);
                await ErrorAsync(http, StatusCodes.Status504GatewayTimeout,
                    $"Work unit '{registration.Name}' did not finish within {Api.ExecutionTimeout} (Bptl:Api:ExecutionTimeout); it was cancelled.")
                    .ConfigureAwait(false);
            }
            else
            {
                await ErrorAsync(http, StatusCodes.Status503ServiceUnavailable, "The silo is stopping; the run was cancelled.").ConfigureAwait(false);
            }

            return;
        }

        var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
        var outcomeName = OutcomeName(result);
        LogExecuted(logger, caller, registration.Name, outcomeName, elapsed);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(DirectExecutionResponse.Write(result, timeline), http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The body, or null when it is larger than the limit.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext http)
    {
        var limit = Api.MaxRequestBytes;
        if (http.Request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    private static async Task ErrorAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(DirectExecutionResponse.Error(message), http.RequestAborted).ConfigureAwait(false);
    }

    private static string OutcomeName(WorkUnitResult result) => result switch
    {
        CompleteResult => "complete",
        FailureResult => "failure",
        _ => "bpmnError",
    };

    [LoggerMessage(EventId = 3711, Level = LogLevel.Information,
        Message = "Direct execution of {WorkUnit} for {Caller}: {Outcome} in {Milliseconds:0} ms")]
    private static partial void LogExecuted(ILogger logger, string caller, string workUnit, string outcome, double milliseconds);

    [LoggerMessage(EventId = 3712, Level = LogLevel.Warning,
        Message = "Direct execution of {WorkUnit} refused: no valid API key presented (from {Remote})")]
    private static partial void LogUnauthorized(ILogger logger, string workUnit, string remote);

    [LoggerMessage(EventId = 3713, Level = LogLevel.Warning, Message = "Direct execution of {WorkUnit} for {Caller} timed out after {Timeout}; it was cancelled")]
    private static partial void LogTimedOut(ILogger logger, string caller, string workUnit, TimeSpan timeout);

    [LoggerMessage(EventId = 3714, Level = LogLevel.Information, Message = "Direct execution of {WorkUnit} for {Caller}: the caller went away; the run was cancelled")]
    private static partial void LogAbandoned(ILogger logger, string caller, string workUnit);
}
