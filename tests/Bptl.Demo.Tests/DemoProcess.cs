using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Bptl.Demo.Tests;

/// <summary>
/// The demo run as a user runs it: <c>dotnet Bptl.Demo.dll</c>, in its own output folder, with its own TMPDIR. Every
/// process it starts inherits that TMPDIR and the PostgreSQL data folder lies under it, so
/// <see cref="LeftoverProcesses"/> finds whatever the run left behind.
/// </summary>
internal sealed partial class DemoProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waiters = [];

    private DemoProcess(Process process, string tempDirectory)
    {
        _process = process;
        TempDirectory = tempDirectory;
    }

    /// <summary>The run's TMPDIR: a marker in its processes' environment, and the parent of its PostgreSQL cluster.</summary>
    public string TempDirectory { get; }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static DemoProcess Start(params string[] arguments)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The demo tests read /proc and send POSIX signals: Linux only.");
        var assembly = typeof(DemoProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "DemoAssembly").Value!;
        File.Exists(assembly).ShouldBeTrue($"{assembly} is built with this project");
        var temp = Directory.CreateTempSubdirectory("bptl-demo-test-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // The throwaway cluster runs as the postgres user when the tests run as root: it must reach its folder.
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TMPDIR"] = temp;
        var demo = new DemoProcess(new Process { StartInfo = start }, temp);
        demo._process.OutputDataReceived += (_, e) => demo.OnLine(e.Data);
        demo._process.ErrorDataReceived += (_, e) => demo.OnLine(e.Data);
        demo._process.Start();
        demo._process.BeginOutputReadLine();
        demo._process.BeginErrorReadLine();
        return demo;
    }

    /// <summary>Waits for an output line that matches.</summary>
    public async Task WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_output.ToString().Split('\n').Any(match))
            {
                return;
            }

            _waiters.Add((match, seen));
        }

        var exited = _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var first = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout, TestContext.Current.CancellationToken));
        if (first != seen.Task)
        {
            Assert.Fail($"No such line within {timeout.TotalSeconds:0} s (the demo {(exited.IsCompleted ? "exited" : "runs")}). Output:\n{Output}");
        }
    }

    /// <summary>
    /// Whether the demo inherited an ignored SIGINT: a shell starts background jobs that way, and .NET keeps it ignored.
    /// </summary>
    public bool IgnoresSigint
    {
        get
        {
            var mask = File.ReadLines($"/proc/{_process.Id}/status").Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            return (Convert.ToUInt64(mask["SigIgn:".Length..].Trim(), 16) & (1UL << (2 - 1))) != 0;
        }
    }

    /// <summary>Sends a signal to the demo process alone, as <c>kill -INT pid</c> does.</summary>
    public void Signal(PosixSignal signal)
    {
        var number = signal switch
        {
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGTERM => 15,
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, null),
        };
        Kill(_process.Id, number).ShouldBe(0, "kill(2) reached the demo");
    }

    /// <summary>Waits for the demo to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"The demo did not exit within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Live processes that carry this run's TMPDIR in their environment or command line.</summary>
    public IReadOnlyList<string> LeftoverProcesses() => ProcessTable.Mentioning(TempDirectory);

    public async ValueTask DisposeAsync()
    {
        // Only after a failed test: leave nothing behind for the next run either.
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        ProcessTable.KillMentioning(TempDirectory);
        _process.Dispose();
        try
        {
            Directory.Delete(TempDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A killed cluster's files may still be closing; the folder is in the temp area anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Append(line).Append('\n');
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int processId, int signal);
}
