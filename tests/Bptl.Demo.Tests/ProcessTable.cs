using System.Diagnostics;
using System.Globalization;

namespace Bptl.Demo.Tests;

/// <summary>What <c>ps -e e</c> would show, read from /proc: processes whose command line or environment mention a marker.</summary>
internal static class ProcessTable
{
    public static IReadOnlyList<string> Mentioning(string marker)
    {
        var found = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || pid == Environment.ProcessId
                || IsZombieOrGone(folder))
            {
                continue;
            }

            var commandLine = Read(Path.Combine(folder, "cmdline"));
            var environment = Read(Path.Combine(folder, "environ"));
            if (commandLine.Contains(marker, StringComparison.Ordinal) || environment.Contains(marker, StringComparison.Ordinal))
            {
                found.Add(pid.ToString(CultureInfo.InvariantCulture) + " " + commandLine);
            }
        }

        return found;
    }

    public static void KillMentioning(string marker)
    {
        foreach (var entry in Mentioning(marker))
        {
            try
            {
                using var process = Process.GetProcessById(int.Parse(entry.Split(' ')[0], CultureInfo.InvariantCulture));
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile, or not ours to kill.
            }
        }
    }

    private static bool IsZombieOrGone(string folder)
    {
        var stat = Read(Path.Combine(folder, "stat"));
        var close = stat.LastIndexOf(')');
        return close < 0 || close + 2 >= stat.Length || stat[close + 2] is 'Z' or 'X';
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
