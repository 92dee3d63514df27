using System.Diagnostics;
using System.Globalization;

namespace Bptl.Embedded;

/// <summary>The postmaster process of a data directory, found through its <c>postmaster.pid</c> file.</summary>
internal static class Postmaster
{
    /// <summary>The process id on the first line of <c>postmaster.pid</c>, or null when there is none.</summary>
    public static int? ReadProcessId(string dataDirectory)
    {
        try
        {
            var firstLine = File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether a postgres process with this id runs. Linux's /proc is read directly because a killed postmaster
    /// whose parent does not reap it stays a zombie, which the process API reports as running.
    /// </summary>
    public static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        if (Directory.Exists("/proc/self"))
        {
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;
            }

            // "<pid> (<comm>) <state> ...": comm guards against a reused pid, state Z/X is a dead process.
            var open = text.IndexOf('(', StringComparison.Ordinal);
            var close = text.LastIndexOf(')');
            if (open < 0 || close < open || close + 2 >= text.Length)
            {
                return false;
            }

            var name = text[(open + 1)..close];
            var state = text[close + 2];
            return name.StartsWith("postgres", StringComparison.Ordinal) && state is not ('Z' or 'X');
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && process.ProcessName.StartsWith("postgres", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Kills the postmaster (its children exit when they notice) and waits until it is gone.</summary>
    public static async Task KillAsync(int pid, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return;
        }

        // No exit signal exists for a process that is not our child; poll /proc briefly.
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (IsRunning(pid))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new PostgresClusterException($"The postmaster (pid {pid}) survived a kill for {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
    }
}
