namespace Bptl.Camunda.Resilience;

/// <summary>How the client retries requests that are safe to retry.</summary>
public sealed class CamundaRetryOptions
{
    /// <summary>Attempts in all, the first included; 1 turns retries off. Default 4.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first retry's delay; each next one doubles, with jitter. Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between attempts. Default 5 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);
}
