using Bptl.Camunda.Auth;
using Bptl.Camunda.Resilience;

namespace Bptl.Camunda;

/// <summary>How to reach one engine.</summary>
public sealed class CamundaClientOptions
{
    /// <summary>The engine's REST root, for example <c>http://localhost:8080/engine-rest/</c>. Required.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>A named process engine (<c>/engine/{name}/…</c>); null for the default engine.</summary>
    public string? EngineName { get; set; }

    /// <summary>How to authenticate. Default: none.</summary>
    public CamundaAuthOptions Authentication { get; set; } = new();

    /// <summary>How long one attempt of an ordinary request may take. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Added to a long poll's <c>asyncResponseTimeout</c> to make that attempt's timeout, so the HTTP timeout
    /// always exceeds the time the engine may hold the request. Default 10 s.
    /// </summary>
    public TimeSpan LongPollGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of requests that are safe to retry.</summary>
    public CamundaRetryOptions Retry { get; set; } = new();

    /// <summary>The User-Agent header. Default <c>Bptl</c>.</summary>
    public string UserAgent { get; set; } = "Bptl";
}
