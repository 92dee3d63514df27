using System.Globalization;

namespace Bptl.Embedded;

/// <summary>Finds the folder holding the PostgreSQL server tools (initdb, pg_ctl, postgres).</summary>
internal static class PostgresBinaries
{
    public const string DefaultInstallRoot = "/usr/lib/postgresql";

    private static readonly string[] s_serverTools = ["initdb", "pg_ctl", "postgres"];

    public static Task<string> LocateAsync(string? explicitDirectory, CancellationToken ct) =>
        LocateAsync(explicitDirectory, Environment.GetEnvironmentVariable, DefaultInstallRoot, ct);

    /// <summary>
    /// An explicit folder, else <c>BPTL_PG_BIN</c>, else <c>pg_config --bindir</c>, else initdb on PATH, else the
    /// highest version under <paramref name="installRoot"/>. A folder named explicitly or by the variable must hold
    /// the tools: a wrong setting fails rather than silently using another installation.
    /// </summary>
    public static async Task<string> LocateAsync(
        string? explicitDirectory, Func<string, string?> environment, string installRoot, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(explicitDirectory))
        {
            return Validated(explicitDirectory, $"{nameof(PostgresClusterOptions)}.{nameof(PostgresClusterOptions.BinDirectory)}");
        }

        if (environment(PostgresClusterOptions.BinDirectoryVariable) is { Length: > 0 } fromVariable)
        {
            return Validated(fromVariable, $"The environment variable {PostgresClusterOptions.BinDirectoryVariable}");
        }

        var searchPath = (environment("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        if (FindOnPath("pg_config", searchPath) is { } pgConfig
            && await BinDirectoryFromPgConfigAsync(pgConfig, ct) is { } configured
            && HasServerTools(configured))
        {
            return configured;
        }

        if (FindOnPath("initdb", searchPath) is { } initdb && Path.GetDirectoryName(initdb) is { } onPath && HasServerTools(onPath))
        {
            return onPath;
        }

        return HighestInstalled(installRoot) ?? throw new PostgresClusterException(
            $"The PostgreSQL server tools (initdb, pg_ctl, postgres) were not found: {PostgresClusterOptions.BinDirectoryVariable} " +
            $"is not set, neither pg_config nor initdb is on PATH, and no {installRoot}/<version>/bin holds initdb. " +
            "Install them with `apt-get install postgresql-15` (Debian/Ubuntu; the service need not run), " +
            $"or set {PostgresClusterOptions.BinDirectoryVariable} to the folder that holds initdb.");
    }

    private static string Validated(string directory, string source)
    {
        var full = Path.GetFullPath(directory);
        var missing = s_serverTools.Where(tool => !File.Exists(Path.Combine(full, tool))).ToList();
        return missing.Count == 0 ? full : throw new PostgresClusterException(
            $"{source} names '{full}', which has no {string.Join(", ", missing)}. Point it at the folder holding the " +
            "PostgreSQL server tools, e.g. /usr/lib/postgresql/15/bin (Debian/Ubuntu package postgresql-15).");
    }

    private static bool HasServerTools(string directory) =>
        s_serverTools.All(tool => File.Exists(Path.Combine(directory, tool)));

    private static string? FindOnPath(string tool, IEnumerable<string> searchPath) =>
        searchPath.Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists);

    private static async Task<string?> BinDirectoryFromPgConfigAsync(string pgConfig, CancellationToken ct)
    {
        try
        {
            var result = await ToolProcess.RunAsync(pgConfig, ["--bindir"], Path.GetTempPath(), TimeSpan.FromSeconds(30), ct);
            return result.Succeeded ? result.StandardOutput.Trim() : null;
        }
        catch (PostgresClusterException)
        {
            // A broken pg_config only means this way of finding the tools does not work; try the next.
            return null;
        }
    }

    private static string? HighestInstalled(string installRoot)
    {
        if (!Directory.Exists(installRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(installRoot)
            .Select(folder => (Folder: folder, Version: ParseVersion(Path.GetFileName(folder))))
            .Where(x => x.Version is not null && HasServerTools(Path.Combine(x.Folder, "bin")))
            .OrderByDescending(x => x.Version)
            .Select(x => Path.Combine(x.Folder, "bin"))
            .FirstOrDefault();
    }

    private static Version? ParseVersion(string name) =>
        int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? new Version(major, 0)
        : Version.TryParse(name, out var version) ? version
        : null;
}
