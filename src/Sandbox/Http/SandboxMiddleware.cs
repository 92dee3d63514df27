using Bptl.Sandbox.Auth;
using Bptl.Sandbox.Engine;
using Bptl.Sandbox.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bptl.Sandbox.Http;

/// <summary>The middleware in front of routing: outage, engine-name alias, authentication.</summary>
internal static class SandboxMiddleware
{
    private const string EnginePrefix = "/engine-rest/engine/";

    /// <summary>While paused, every request outside the control path loses its connection.</summary>
    public static Task Outage(HttpContext context, RequestDelegate next, SandboxServices services)
    {
        if (services.Faults.IsPaused && !context.Request.Path.StartsWithSegments("/sandbox-control", StringComparison.Ordinal))
        {
            context.Abort();
            return Task.CompletedTask;
        }

        return next(context);
    }

    /// <summary>
    /// <c>/engine-rest/engine/default/...</c> is the same API as <c>/engine-rest/...</c>; any other
    /// engine name is Camunda's 404 "Process engine &lt;name&gt; not available".
    /// </summary>
    public static Task EngineAlias(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value;
        if (path is null || !path.StartsWith(EnginePrefix, StringComparison.Ordinal) || path.Length == EnginePrefix.Length)
        {
            return next(context);
        }

        var rest = path.AsSpan(EnginePrefix.Length);
        var slash = rest.IndexOf('/');
        var name = slash < 0 ? rest.ToString() : rest[..slash].ToString();
        if (!string.Equals(name, "default", StringComparison.Ordinal))
        {
            return HttpIo.WriteErrorAsync(context, Errors.InvalidRequest(404, "Process engine " + name + " not available"));
        }

        context.Request.Path = "/engine-rest" + (slash < 0 ? "/" : rest[slash..].ToString());
        return next(context);
    }

    public static Task Authenticate(HttpContext context, RequestDelegate next, BasicAuthentication authentication)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/engine-rest", StringComparison.Ordinal)
            || BasicAuthentication.IsExempt(request)
            || authentication.IsAuthorized(request))
        {
            return next(context);
        }

        BasicAuthentication.Challenge(context.Response);
        return Task.CompletedTask;
    }

    /// <summary>The answer for REST paths no endpoint matches.</summary>
    public static Task NotFound(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/engine-rest", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return HttpIo.WriteErrorAsync(context, new EngineError(404, "NotFoundException",
            "RESTEASY003210: Could not find resource for full path: " + context.Request.Path, null));
    }
}
