namespace Bptl.Camunda.Http;

/// <summary>Per-request settings and results that travel on <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class CamundaRequestOptions
{
    /// <summary>How safely the request may be repeated.</summary>
    public static readonly HttpRequestOptionsKey<RetrySafety> Safety = new("bptl.camunda.safety");

    /// <summary>The time one attempt may take.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> AttemptTimeout = new("bptl.camunda.attempt-timeout");

    /// <summary>Set by the resilience handler: the number of attempts made.</summary>
    public static readonly HttpRequestOptionsKey<int> Attempts = new("bptl.camunda.attempts");

    /// <summary>Set by the resilience handler: an earlier attempt got no answer and may have been carried out.</summary>
    public static readonly HttpRequestOptionsKey<bool> EarlierAttemptUnanswered = new("bptl.camunda.unanswered");

    /// <summary>Set by the resilience handler: the last attempt's timeout fired.</summary>
    public static readonly HttpRequestOptionsKey<bool> TimedOut = new("bptl.camunda.timed-out");

    public static T Get<T>(HttpRequestMessage request, HttpRequestOptionsKey<T> key, T fallback) =>
        request.Options.TryGetValue(key, out var value) ? value : fallback;
}
