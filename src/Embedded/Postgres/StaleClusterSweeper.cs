namespace Bptl.Embedded;

/// <summary>
/// Removes cluster folders whose owning test process is gone: a killed process cannot stop its cluster, so
/// the next start does it. The postmaster is found through <c>postmaster.pid</c>.
/// </summary>
internal static class StaleClusterSweeper
{
    // A folder gets its owner marker right after it is created; give a creator in that gap time to finish.
    private static readonly TimeSpan s_unmarkedGrace = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<string>> SweepAsync(string root, PgTools tools, CancellationToken ct)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        var removed = new List<string>();
        foreach (var path in Directory.GetDirectories(root))
        {
            ct.ThrowIfCancellationRequested();
            var folder = new ClusterFolder(path);
            if (IsStale(folder) && await TryRemoveAsync(folder, root, tools, ct))
            {
                removed.Add(path);
            }
        }

        return removed;
    }

    private static bool IsStale(ClusterFolder folder)
    {
        if (folder.IsKept)
        {
            return false;
        }

        var owner = OwnerMarker.TryRead(folder.Path);
        if (owner is null)
        {
            return Directory.GetLastWriteTimeUtc(folder.Path) < DateTime.UtcNow - s_unmarkedGrace;
        }

        // A process on another host (a shared temp folder) cannot be judged from here.
        return string.Equals(owner.Host, Environment.MachineName, StringComparison.Ordinal) && !owner.IsOwnerAlive();
    }

    private static async Task<bool> TryRemoveAsync(ClusterFolder folder, string root, PgTools tools, CancellationToken ct)
    {
        try
        {
            if (Postmaster.ReadProcessId(folder.DataDirectory) is { } pid && Postmaster.IsRunning(pid))
            {
                await tools.RunAsync(
                    "pg_ctl", ["stop", "-D", folder.DataDirectory, "-m", "immediate", "-w", "-t", "20", "-s"],
                    root, TimeSpan.FromSeconds(30), ct);
                if (Postmaster.IsRunning(pid))
                {
                    await Postmaster.KillAsync(pid, TimeSpan.FromSeconds(10), ct);
                }
            }

            folder.Delete();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PostgresClusterException
                                   && !ct.IsCancellationRequested)
        {
            // Another user's folder, or another sweeper got there first: not ours to fight over.
            return false;
        }
    }
}
