namespace Bptl.Demo;

/// <summary>Where the demo's throwaway PostgreSQL clusters live: a folder per run under a root removed when empty.</summary>
internal static class DemoFolders
{
    public static string PostgresRoot { get; } = Path.Combine(Path.GetTempPath(), "bptl-demo");

    /// <summary>
    /// Removes what this run left under the root (a cluster whose start was cut short leaves its folder), then the
    /// root itself once it is empty. Cluster folders are named after the process that made them: "{pid}-{id}".
    /// Folders of other runs are left alone; the next start sweeps those whose process is gone.
    /// </summary>
    public static void RemoveLeftovers()
    {
        try
        {
            if (!Directory.Exists(PostgresRoot))
            {
                return;
            }

            foreach (var folder in Directory.EnumerateDirectories(PostgresRoot, $"{Environment.ProcessId}-*"))
            {
                // A running server keeps postmaster.pid; never pull a folder from under one.
                if (!File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }

            if (!Directory.EnumerateFileSystemEntries(PostgresRoot).Any())
            {
                Directory.Delete(PostgresRoot);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another demo just created its cluster there, or a file is still held: the next start's sweep takes it.
        }
    }
}
