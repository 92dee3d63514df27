namespace Bptl.Silo.Cron;

/// <summary>The scheduler's time arithmetic, as pure functions of the time a <see cref="TimeProvider"/> gives.</summary>
internal static class CronTiming
{
    /// <summary>A tick is due once its time has come.</summary>
    public static bool IsDue(DateTimeOffset due, DateTimeOffset now) => due <= now;

    /// <summary>
    /// The tick after the due one <paramref name="due"/>, which runs at <paramref name="now"/>: the first fire time
    /// after both, so that the ticks missed while no silo ran collapse into the one running now.
    /// </summary>
    public static DateTimeOffset? NextFire(CronSchedule schedule, DateTimeOffset due, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return schedule.NextAfter(now > due ? now : due);
    }

    /// <summary>
    /// How long the loop sleeps: until the earliest tick (at once when it is due), but at most
    /// <paramref name="refresh"/>, so that schedules other silos changed are seen.
    /// </summary>
    public static TimeSpan TimeToWait(DateTimeOffset now, DateTimeOffset? earliest, TimeSpan refresh)
    {
        if (earliest is not { } next)
        {
            return refresh;
        }

        var wait = next - now;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < refresh ? wait : refresh;
    }
}
