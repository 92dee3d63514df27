namespace Bptl.Silo.Options;

/// <summary>A work unit run on a schedule: one entry of <c>Bptl:Cron</c>.</summary>
public sealed class CronOptions
{
    /// <summary>The schedule's name, unique in the cluster (letters, digits, <c>.</c>, <c>-</c>, <c>_</c>). Required.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// A Quartz cron expression, seconds first: <c>sec min hour day-of-month month day-of-week [year]</c>, <c>?</c> for
    /// "any" in a day field; for example <c>0 0 6 * * ?</c> (06:00 every day) or <c>0 */5 * * * ?</c>. Required.
    /// </summary>
    public string? Schedule { get; set; }

    /// <summary>The time zone the schedule is read in (an IANA id such as <c>Europe/Amsterdam</c>). Default <c>UTC</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The work unit to run. Required.</summary>
    public string? WorkUnit { get; set; }

    /// <summary>
    /// Variables every run gets, name → value. A value reads as Boolean (<c>true</c>, <c>false</c>), Integer or Long
    /// (digits, no leading zero), Double (a decimal number) or else String. Default none.
    /// </summary>
    public Dictionary<string, string> Variables { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether it runs. Default true.</summary>
    public bool Enabled { get; set; } = true;
}
