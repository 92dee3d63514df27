namespace Bptl.Grains.Retries;

/// <summary>
/// A topic's retry policy, mapped onto the engine's retries and retry timeout. The engine never decrements retries
/// itself and a new task has none (null), so Bptl reports the retries left after each failure.
/// </summary>
/// <param name="Retries">Tries after the first failure; the task runs at most <c>Retries + 1</c> times before an incident.</param>
/// <param name="InitialDelay">The retry timeout after the first failure.</param>
/// <param name="Factor">Each next timeout is this many times the previous one.</param>
/// <param name="MaxDelay">The longest retry timeout.</param>
/// <param name="NonRetryable">Exception type names (full or short) and error kinds that go straight to an incident.</param>
/// <param name="Jitter">Spread of each timeout as a fraction (0.1 = ±10 %), so failures of one burst are retried apart.</param>
public sealed record RetryPolicy(int Retries, TimeSpan InitialDelay, double Factor, TimeSpan MaxDelay, IReadOnlyList<string> NonRetryable, double Jitter = 0.1)
{
    /// <summary>Three retries after 10 s, 20 s and 40 s.</summary>
    public static RetryPolicy Default { get; } = new(3, TimeSpan.FromSeconds(10), 2, TimeSpan.FromMinutes(10), []);

    /// <summary>
    /// What to report for a failure: retries left and the retry timeout. <paramref name="engineRetries"/> is the
    /// task's retries as fetched (null on a first failure); <paramref name="random"/> is a value in [0, 1) for the
    /// jitter.
    /// </summary>
    public RetryDecision Decide(int? engineRetries, bool retryable, string? errorType, TimeSpan? requestedDelay, double random)
    {
        if (!retryable || IsNonRetryable(errorType))
        {
            return new RetryDecision(0, TimeSpan.Zero, Exhausted: true);
        }

        var left = Math.Max((engineRetries ?? Retries + 1) - 1, 0);
        if (left == 0)
        {
            return new RetryDecision(0, TimeSpan.Zero, Exhausted: true);
        }

        var failures = Math.Max(Retries + 1 - left, 1);
        return new RetryDecision(left, requestedDelay ?? Delay(failures, random), Exhausted: false);
    }

    /// <summary>The retry timeout after the <paramref name="failure"/>-th failure (1-based), jittered by <paramref name="random"/>.</summary>
    public TimeSpan Delay(int failure, double random)
    {
        var exponent = Math.Min(Math.Max(failure - 1, 0), 62);
        var ms = InitialDelay.TotalMilliseconds * Math.Pow(Factor, exponent);
        ms = Math.Min(ms, MaxDelay.TotalMilliseconds);
        ms *= 1 + (Jitter * ((2 * random) - 1));
        return TimeSpan.FromMilliseconds(Math.Clamp(ms, 0, MaxDelay.TotalMilliseconds));
    }

    /// <summary>True when <paramref name="errorType"/> (a full type name or an error kind) is listed as non-retryable.</summary>
    public bool IsNonRetryable(string? errorType)
    {
        if (errorType is null || NonRetryable.Count == 0)
        {
            return false;
        }

        var shortName = errorType[(errorType.LastIndexOf('.') + 1)..];
        foreach (var entry in NonRetryable)
        {
            if (string.Equals(entry, errorType, StringComparison.Ordinal) || string.Equals(entry, shortName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What to report after a failure.</summary>
/// <param name="Retries">Retries left (0 opens an incident).</param>
/// <param name="RetryTimeout">How long the engine waits before delivering the task again.</param>
/// <param name="Exhausted">True when no retry is left (or the error is not retryable).</param>
public readonly record struct RetryDecision(int Retries, TimeSpan RetryTimeout, bool Exhausted);
