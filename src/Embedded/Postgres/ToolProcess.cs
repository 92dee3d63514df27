using System.ComponentModel;
using System.Diagnostics;

namespace Bptl.Embedded;

/// <summary>The outcome of one command-line tool run.</summary>
internal sealed record ToolResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public string Describe() =>
        $"{Command} exited with code {ExitCode}.{Section("stderr", StandardError)}{Section("stdout", StandardOutput)}";

    private static string Section(string title, string text) =>
        string.IsNullOrWhiteSpace(text) ? string.Empty : $"{Environment.NewLine}--- {title} ---{Environment.NewLine}{text.TrimEnd()}";
}

/// <summary>Runs a command to completion, capturing its output, bounded by a timeout and a token.</summary>
internal static class ToolProcess
{
    public static async Task<ToolResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // PGPORT, PGDATA, PGHOST and friends from the caller's shell must not steer the tools.
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        var command = string.Join(' ', startInfo.ArgumentList.Prepend(fileName));
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new PostgresClusterException($"Could not run {command}: {ex.Message}", ex);
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(bounded.Token);
        var stderr = process.StandardError.ReadToEndAsync(bounded.Token);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
            return new ToolResult(command, process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            ct.ThrowIfCancellationRequested();
            throw new PostgresClusterException($"{command} did not finish within {timeout.TotalSeconds:0} s.");
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
