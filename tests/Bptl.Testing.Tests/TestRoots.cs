using Bptl.Embedded;
using System.Diagnostics;
using Bptl.Testing;

namespace Bptl.Testing.Tests;

/// <summary>Private cluster roots, so a test's sweep sees only the clusters it made.</summary>
internal static class TestRoots
{
    public static string Create()
    {
        var root = Path.Combine(Path.GetTempPath(), $"bptl-pg-test-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(root);
        return root;
    }

    /// <summary>Rewrites a cluster's owner marker to name a process that has exited, as if the owner was killed.</summary>
    public static void PretendOwnerDied(string clusterDirectory)
    {
        var exited = ExitedProcessId();
        new OwnerMarker(exited, DateTime.UtcNow.AddMinutes(-1), Environment.MachineName).WriteTo(clusterDirectory);
    }

    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start `true`.");
        process.WaitForExit();
        return process.Id;
    }
}
