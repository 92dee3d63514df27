using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Bptl.Cluster.Tests.Infrastructure;

/// <summary>
/// A silo in a child process: the test silo program (tests/Bptl.TestSilo) started with <c>dotnet</c>, configured by
/// environment variables as a deployment would be. <see cref="StartAsync"/> returns once the silo logged that it
/// joined the cluster; <see cref="Kill"/> ends it abruptly, as a crash or an OOM kill would; disposing always kills it.
/// </summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    /// <summary>Overrides where the test silo program is (a path to Bptl.TestSilo.dll).</summary>
    public const string PathVariable = "BPTL_TESTSILO_PATH";

    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Guid> _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private SiloProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>The silo's configured name (<c>Bptl:Silo:Name</c>).</summary>
    public string Name { get; }

    /// <summary>The id the silo joined the cluster with (its row in <c>bptl_silo</c>, the owner of its leases and activations).</summary>
    public Guid SiloId => _joined.Task.IsCompletedSuccessfully ? _joined.Task.Result : throw new InvalidOperationException($"Silo {Name} has not joined.");

    /// <summary>The operating system's id of the process.</summary>
    public int ProcessId { get; private set; }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote so far, a line each, stderr marked.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>
    /// Starts the silo with <paramref name="configuration"/> (configuration keys such as <c>Bptl:Storage:ConnectionString</c>,
    /// passed as environment variables) and waits until it joined the cluster.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(string name, IEnumerable<KeyValuePair<string, string?>> configuration, CancellationToken cancellationToken)
    {
        var program = ProgramPath();
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(program)!,
        };
        start.ArgumentList.Add(program);

        // Only what the test says configures the silo: nothing leaks in from the test process's own environment.
        foreach (var inherited in start.Environment.Keys.Where(IsConfiguration).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Test";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment["Logging__LogLevel__Microsoft"] = "Warning";
        start.Environment["Logging__LogLevel__Npgsql"] = "Warning";
        start.Environment["Logging__LogLevel__System.Net.Http"] = "Warning";
        foreach (var (key, value) in configuration)
        {
            start.Environment[ToVariable(key)] = value;
        }

        start.Environment[ToVariable("Bptl:Silo:Name")] = name;
        start.Environment[ToVariable("TestSilo:ExitWhenInputCloses")] = "true";

        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(name, process);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data, error: false);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data, error: true);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {start.FileName} {program}.");
        }

        silo.ProcessId = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            var first = await Task.WhenAny(silo._joined.Task, exited).WaitAsync(JoinTimeout, cancellationToken);
            if (first != silo._joined.Task)
            {
                throw new InvalidOperationException(
                    $"Silo process {name} exited with code {process.ExitCode} before it joined the cluster:\n{silo.Dump()}");
            }

            return silo;
        }
        catch (TimeoutException)
        {
            await silo.DisposeAsync();
            throw new TimeoutException($"Silo process {name} did not join the cluster within {JoinTimeout}:\n{silo.Dump()}");
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the process (and anything it started) at once, as a crash would: no shutdown runs. Returns once it is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    /// <summary>The process's output, for a failed test's message.</summary>
    public string Dump() => string.Join('\n', _output);

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // It never started.
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnLine(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(error ? $"[{Name} err] {line}" : $"[{Name}] {line}");
        if (!_joined.Task.IsCompleted && JoinedLine().Match(line) is { Success: true } joined && joined.Groups["name"].Value == Name)
        {
            _joined.TrySetResult(Guid.Parse(joined.Groups["id"].Value, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A configuration key as an environment variable: <c>Bptl:Silo:Name</c> → <c>Bptl__Silo__Name</c>.</summary>
    internal static string ToVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static bool IsConfiguration(string variable) =>
        variable.StartsWith("Bptl__", StringComparison.OrdinalIgnoreCase)
        || variable.StartsWith("TestSilo__", StringComparison.OrdinalIgnoreCase)
        || variable.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The test silo program: <see cref="PathVariable"/> when set, else the path the build recorded in this assembly
    /// (the project reference builds it first, in the same configuration).
    /// </summary>
    internal static string ProgramPath()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable);
        if (string.IsNullOrEmpty(path))
        {
            path = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "BptlTestSiloPath")?.Value;
        }

        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The test silo program is not at '{path}'. Build tests/Bptl.TestSilo (dotnet build tests/Bptl.Cluster.Tests builds it), or set {PathVariable}.");
        }

        return path;
    }

    /// <summary>The <c>dotnet</c> host of the runtime running the tests, so the silo runs on the same runtime.</summary>
    internal static string DotnetHost()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        // The shared runtime lives in <root>/shared/Microsoft.NETCore.App/<version>/; the host is <root>/dotnet.
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var root = runtime is null ? null : Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        if (root is not null && File.Exists(Path.Combine(root, executable)))
        {
            return Path.Combine(root, executable);
        }

        if (Environment.ProcessPath is { } current && Path.GetFileName(current).Equals(executable, StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return executable;
    }

    [GeneratedRegex(@"Silo (?<name>\S+) \((?<id>[0-9a-fA-F-]{36})\) joined the cluster")]
    private static partial Regex JoinedLine();
}
