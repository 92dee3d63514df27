using Bptl.Sandbox.Engine;
using Bptl.Sandbox.Faults;
using Bptl.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Bptl.Sandbox.Http;

/// <summary>
/// Maps a handler and wraps it with what every endpoint does: count the call, apply an injected
/// fault, and turn engine errors into Camunda's error body. Plain request delegates keep the hot
/// path free of model binding.
/// </summary>
internal sealed partial class EndpointPipeline(IEndpointRouteBuilder routes, SandboxServices services, ILogger logger)
{
    public const string Prefix = "/engine-rest";

    public void Map(string method, string pattern, SandboxEndpoint endpoint, Func<HttpContext, SandboxServices, Task> handler) =>
        routes.MapMethods(Prefix + pattern, [method], Wrap(endpoint, handler));

    private RequestDelegate Wrap(SandboxEndpoint endpoint, Func<HttpContext, SandboxServices, Task> handler) => async context =>
    {
        services.Calls.Increment(endpoint);
        if (services.Faults.HasRules && services.Faults.TryTake(endpoint) is { } fault && !await ApplyFaultAsync(context, fault, handler))
        {
            return;
        }

        try
        {
            await handler(context, services);
        }
        catch (EngineError error) when (!context.Response.HasStarted)
        {
            await HttpIo.WriteErrorAsync(context, error);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client is gone; there is nobody to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnexpected(logger, e, context.Request.Method, context.Request.Path);
            await HttpIo.WriteErrorAsync(context, new EngineError(500, e.GetType().Name, e.Message, null));
        }
    };

    /// <summary>Returns true when the request should still be handled.</summary>
    private async Task<bool> ApplyFaultAsync(HttpContext context, FaultRule fault, Func<HttpContext, SandboxServices, Task> handler)
    {
        switch (fault.Kind)
        {
            case FaultKind.Drop:
                context.Abort();
                return false;
            case FaultKind.DropAnswer:
                await HandleThenDropAnswerAsync(context, handler);
                return false;
            case FaultKind.Answer:
                context.Response.StatusCode = fault.StatusCode;
                context.Response.ContentType = fault.ContentType;
                await context.Response.WriteAsync(fault.Body ?? "", context.RequestAborted);
                return false;
            case FaultKind.Fail:
                await HttpIo.WriteErrorAsync(context, fault.ToError());
                return false;
            default:
                try
                {
                    await Task.Delay(fault.Delay, services.Options.TimeProvider, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }

                if (services.Faults.IsPaused)
                {
                    context.Abort();
                    return false;
                }

                return true;
        }
    }

    /// <summary>Carries the call out with its answer written nowhere, then drops the connection.</summary>
    private async Task HandleThenDropAnswerAsync(HttpContext context, Func<HttpContext, SandboxServices, Task> handler)
    {
        context.Response.Body = Stream.Null;
        try
        {
            await handler(context, services);
        }
        catch (EngineError)
        {
            // The call failed; its answer is lost like any other.
        }

        context.Abort();
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Unexpected error handling {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, PathString path);
}
