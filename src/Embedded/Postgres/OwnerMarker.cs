using System.Diagnostics;
using System.Globalization;

namespace Bptl.Embedded;

/// <summary>
/// Names the process that owns a cluster folder, so a later run can tell a folder left behind by a killed
/// test process (owner gone) from one in use. The start time guards against a reused process id.
/// </summary>
internal sealed record OwnerMarker(int ProcessId, DateTime StartTimeUtc, string Host)
{
    public const string FileName = "owner";

    private static readonly TimeSpan s_startTimeTolerance = TimeSpan.FromSeconds(2);

    public static OwnerMarker ForCurrentProcess()
    {
        using var self = Process.GetCurrentProcess();
        return new OwnerMarker(Environment.ProcessId, self.StartTime.ToUniversalTime(), Environment.MachineName);
    }

    public void WriteTo(string clusterDirectory) =>
        File.WriteAllText(
            Path.Combine(clusterDirectory, FileName),
            string.Create(CultureInfo.InvariantCulture, $"pid={ProcessId}\nstart={StartTimeUtc:O}\nhost={Host}\n"));

    /// <summary>The marker in a cluster folder, or null when it is missing or unreadable.</summary>
    public static OwnerMarker? TryRead(string clusterDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(clusterDirectory, FileName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var values = lines
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

        return values.TryGetValue("pid", out var pid)
            && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var processId)
            && values.TryGetValue("start", out var start)
            && DateTime.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var startTime)
            && values.TryGetValue("host", out var host)
            ? new OwnerMarker(processId, startTime.ToUniversalTime(), host)
            : null;
    }

    /// <summary>Whether the owning process still runs. Only meaningful on <see cref="Host"/>.</summary>
    public bool IsOwnerAlive()
    {
        try
        {
            using var process = Process.GetProcessById(ProcessId);
            return !process.HasExited
                && (process.StartTime.ToUniversalTime() - StartTimeUtc).Duration() <= s_startTimeTolerance;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exists but cannot be inspected: assume it is the owner rather than destroy its cluster.
            return true;
        }
    }
}
