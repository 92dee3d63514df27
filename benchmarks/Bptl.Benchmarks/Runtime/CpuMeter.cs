using System.Diagnostics;
using System.Globalization;

namespace Bptl.Benchmarks.Runtime;

/// <summary>
/// CPU time from <c>/proc</c>: of this process, of a PostgreSQL server (the postmaster, its live backends, and
/// the backends that already exited, which the kernel adds to the postmaster's children time), and of the whole
/// machine, so that a phase can say how much of the two cores other work took.
/// </summary>
internal static class CpuMeter
{
    // USER_HZ: the unit of /proc/<pid>/stat times; 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    public static CpuSample Sample(int? postmasterPid)
    {
        var own = Process.GetCurrentProcess().TotalProcessorTime;
        var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        var gcs = GC.CollectionCount(0);
        var postgres = postmasterPid is { } pid ? PostgresTime(pid) : TimeSpan.Zero;
        var (busy, total) = MachineTicks();
        return new CpuSample(Stopwatch.GetTimestamp(), own, postgres, busy, total, jitMethods, jitTime, gcs);
    }

    /// <summary>User + system time of one process (not its children).</summary>
    public static TimeSpan ProcessTime(int pid) => ReadStat(pid) is { } s ? Ticks(s.UTime + s.STime) : TimeSpan.Zero;

    /// <summary>CPU time of a process's live threads, summed by thread name (.NET names its own: timers, tiered compilation, GC).</summary>
    public static Dictionary<string, TimeSpan> ThreadTimes(int pid)
    {
        var result = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var tasks = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task";
        if (!Directory.Exists(tasks))
        {
            return result;
        }

        foreach (var dir in Directory.EnumerateDirectories(tasks))
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var name = text[(text.IndexOf('(') + 1)..text.LastIndexOf(')')];
            if (Parse(text) is { } stat)
            {
                result[name] = result.GetValueOrDefault(name) + Ticks(stat.UTime + stat.STime);
            }
        }

        return result;
    }

    private static TimeSpan PostgresTime(int postmaster)
    {
        if (ReadStat(postmaster) is not { } root)
        {
            return TimeSpan.Zero;
        }

        var ticks = root.UTime + root.STime + root.CUTime + root.CSTime;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadStat(pid) is { } child && child.PPid == postmaster)
            {
                ticks += child.UTime + child.STime;
            }
        }

        return Ticks(ticks);
    }

    private static (long Busy, long Total) MachineTicks()
    {
        // cpu  user nice system idle iowait irq softirq steal guest guest_nice
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long total = 0;
        for (var i = 1; i <= 8 && i < fields.Length; i++)
        {
            total += long.Parse(fields[i], CultureInfo.InvariantCulture);
        }

        var idle = long.Parse(fields[4], CultureInfo.InvariantCulture) + long.Parse(fields[5], CultureInfo.InvariantCulture);
        return (total - idle, total);
    }

    private static Stat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return Parse(text);
    }

    private static Stat? Parse(string text)
    {
        // The command name (field 2) is in parentheses and may hold spaces: parse after the last ')'.
        var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // rest[0] is field 3 (state); ppid is field 4, utime..cstime are fields 14..17.
        return new Stat(
            int.Parse(rest[1], CultureInfo.InvariantCulture),
            long.Parse(rest[11], CultureInfo.InvariantCulture),
            long.Parse(rest[12], CultureInfo.InvariantCulture),
            long.Parse(rest[13], CultureInfo.InvariantCulture),
            long.Parse(rest[14], CultureInfo.InvariantCulture));
    }

    private static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    private readonly record struct Stat(int PPid, long UTime, long STime, long CUTime, long CSTime);
}

/// <summary>A point in time: this process's CPU, the PostgreSQL server's CPU, and the machine's busy and total ticks.</summary>
internal readonly record struct CpuSample(long Timestamp, TimeSpan Own, TimeSpan Postgres, long MachineBusy, long MachineTotal, long JitMethods,
    TimeSpan JitTime, int Gen0)
{
    /// <summary>Average cores used by this process, by PostgreSQL, and by everything else, between two samples.</summary>
    public static CpuUse Between(CpuSample start, CpuSample end)
    {
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        var own = (end.Own - start.Own).TotalSeconds / seconds;
        var postgres = (end.Postgres - start.Postgres).TotalSeconds / seconds;
        var machineTicks = end.MachineTotal - start.MachineTotal;
        var busyCores = machineTicks <= 0 ? 0 : (double)(end.MachineBusy - start.MachineBusy) / machineTicks * Environment.ProcessorCount;
        return new CpuUse(own, postgres, Math.Max(0, busyCores - own - postgres), busyCores, end.JitMethods - start.JitMethods, end.JitTime - start.JitTime,
            end.Gen0 - start.Gen0);
    }
}

/// <summary>Average cores used over a phase.</summary>
internal readonly record struct CpuUse(double Bench, double Postgres, double Others, double Machine, long JitMethods, TimeSpan JitTime, int Gen0)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"CPU (cores of {Environment.ProcessorCount}): this process {Bench:F2}, PostgreSQL {Postgres:F2}, other processes {Others:F2}; "
        + $"this process JIT-compiled {JitMethods} methods ({JitTime.TotalMilliseconds:F0} ms), {Gen0} gen0 GCs");
}
