namespace Bptl.Grains.Retries;

/// <summary>
/// Exponential backoff with full jitter and a cap, for loops that retry a failing dependency (polls, reports).
/// Pure: callers pass the attempt number and a random value, so tests can check every step.
/// </summary>
/// <param name="Initial">The delay before the first retry.</param>
/// <param name="Max">The cap.</param>
/// <param name="Factor">Growth per attempt.</param>
public sealed record ExponentialBackoff(TimeSpan Initial, TimeSpan Max, double Factor = 2)
{
    /// <summary>
    /// The delay before retry number <paramref name="attempt"/> (1-based): a value between half the exponential
    /// step and the whole of it, so that silos hitting the same outage do not retry in lockstep.
    /// </summary>
    public TimeSpan Delay(int attempt, double random)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 62);
        var ceiling = Math.Min(Initial.TotalMilliseconds * Math.Pow(Factor, exponent), Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (0.5 * random)));
    }
}
