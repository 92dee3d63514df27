namespace Bptl.Grains;

/// <summary>Timings of the grains' own loops; the silo validates them at start.</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>How long a long poll waits for tasks (asyncResponseTimeout). Default 20 s.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>First delay after a failed poll. Default 500 ms.</summary>
    public TimeSpan PollBackoffInitial { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest delay between failed polls. Default 30 s.</summary>
    public TimeSpan PollBackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First delay after a report the engine did not acknowledge. Default 1 s.</summary>
    public TimeSpan ReportBackoffInitial { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between report attempts. Default 60 s.</summary>
    public TimeSpan ReportBackoffMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an activation lease outlives the engine lock it keeps: a running activation whose lock has not been
    /// extended for this long past its expiry is rescued. Default 30 s.
    /// </summary>
    public TimeSpan ActivationLeaseGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extend the engine lock when this fraction of the lock duration is left. Default 0.5.</summary>
    public double ExtendLockWhenLeft { get; set; } = 0.5;

    /// <summary>How many times a completion callback (<c>callbackUrl</c>) is tried. Default 5.</summary>
    public int CallbackAttempts { get; set; } = 5;

    /// <summary>How long one callback attempt may take. Default 10 s.</summary>
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay after the first failed callback attempt. Default 1 s.</summary>
    public TimeSpan CallbackBackoffInitial { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a silo looks for due callbacks it was not woken for (retries, a crashed silo's). Default 10 s.</summary>
    public TimeSpan CallbackScanInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest delay between callback attempts. Default 60 s.</summary>
    public TimeSpan CallbackBackoffMax { get; set; } = TimeSpan.FromSeconds(60);
}
