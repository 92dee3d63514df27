namespace Bptl.Embedded;

/// <summary>
/// Runs the PostgreSQL server tools from one bin folder, as <see cref="RunAsUser"/> when this process is root
/// (initdb and postgres refuse to run as root).
/// </summary>
internal sealed class PgTools
{
    private PgTools(string binDirectory, string? runAsUser)
    {
        BinDirectory = binDirectory;
        RunAsUser = runAsUser;
    }

    public string BinDirectory { get; }

    /// <summary>The unprivileged user the tools run as, or null to run them as the current user.</summary>
    public string? RunAsUser { get; }

    public static PgTools For(string binDirectory, string unprivilegedUser) =>
        new(binDirectory, Environment.IsPrivilegedProcess ? unprivilegedUser : null);

    public Task<ToolResult> RunAsync(
        string tool, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken ct)
    {
        var path = Path.Combine(BinDirectory, tool);
        return RunAsUser is null
            ? ToolProcess.RunAsync(path, arguments, workingDirectory, timeout, ct)
            : ToolProcess.RunAsync("runuser", ["-u", RunAsUser, "--", path, .. arguments], workingDirectory, timeout, ct);
    }

    /// <summary>Runs a tool and throws, with <paramref name="failure"/> and the tool's stderr, unless it succeeds.</summary>
    public async Task<ToolResult> RunCheckedAsync(
        string tool, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, string failure, CancellationToken ct)
    {
        var result = await RunAsync(tool, arguments, workingDirectory, timeout, ct);
        return result.Succeeded ? result : throw new PostgresClusterException($"{failure}: {result.Describe()}");
    }

    /// <summary>Hands a folder this (root) process created to the unprivileged user; a no-op otherwise.</summary>
    public async Task GiveAwayAsync(string path, CancellationToken ct)
    {
        if (RunAsUser is null)
        {
            return;
        }

        var result = await ToolProcess.RunAsync("chown", [$"{RunAsUser}:", path], path, TimeSpan.FromSeconds(30), ct);
        if (!result.Succeeded)
        {
            throw new PostgresClusterException(
                $"Could not hand {path} to the unprivileged user '{RunAsUser}' that runs PostgreSQL for root. {result.Describe()}");
        }
    }
}
