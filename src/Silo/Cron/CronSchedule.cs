using Quartz;

namespace Bptl.Silo.Cron;

/// <summary>A parsed schedule: a Quartz cron expression read in a time zone.</summary>
internal sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(CronExpression expression, string text, TimeZoneInfo timeZone)
    {
        _expression = expression;
        Text = text;
        TimeZone = timeZone;
    }

    public string Text { get; }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>Parses <paramref name="expression"/> in <paramref name="timeZone"/>; on failure says why, for the options validator and the logs.</summary>
    public static bool TryCreate(string? expression, string? timeZone, out CronSchedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        if (string.IsNullOrWhiteSpace(expression))
        {
            error = "the schedule is empty";
            return false;
        }

        if (!TryFindTimeZone(timeZone, out var zone, out error))
        {
            return false;
        }

        try
        {
            schedule = new CronSchedule(new CronExpression(expression, zone), expression, zone);
            return true;
        }
        catch (FormatException ex)
        {
            error = $"'{expression}' is not a Quartz cron expression ({ex.Message}); it has seconds first, e.g. '0 */5 * * * ?'";
            return false;
        }
    }

    /// <summary>Finds the time zone <paramref name="timeZone"/> (null or blank: UTC).</summary>
    public static bool TryFindTimeZone(string? timeZone, out TimeZoneInfo zone, out string? error)
    {
        error = null;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            error = $"the time zone '{timeZone}' is unknown (use an IANA id such as Europe/Amsterdam, or UTC)";
            return false;
        }
    }

    /// <summary>The first fire time strictly after <paramref name="time"/>, or null when the schedule has none left.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset time) => _expression.GetNextValidTimeAfter(time)?.ToUniversalTime();
}
