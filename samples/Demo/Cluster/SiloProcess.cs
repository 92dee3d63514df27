using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Bptl.Demo.Cluster;

/// <summary>
/// A demo silo running as a child process (<c>dotnet Bptl.Demo.Silo.dll</c>, configured through its environment).
/// Its output (warnings and errors, unless --silo-logs) is relayed with its name in front; the last lines are kept
/// to explain an early exit.
/// </summary>
internal sealed partial class SiloProcess : IAsyncDisposable
{
    private const string Assembly = "Bptl.Demo.Silo.dll";
    private const int KeptLines = 30;
    private static readonly TimeSpan ReadyPollEvery = TimeSpan.FromMilliseconds(200);

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private Task<int>? _stopping;

    private SiloProcess(string name, Uri healthUrl, Process process, ILogger logger)
    {
        Name = name;
        HealthUrl = healthUrl;
        _process = process;
        _logger = logger;
    }

    public string Name { get; }

    /// <summary>The health endpoint's root; <c>health</c>, <c>health/live</c> and <c>health/ready</c> are under it.</summary>
    public Uri HealthUrl { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string LastLines
    {
        get
        {
            lock (_gate)
            {
                return string.Join(Environment.NewLine, _lastLines);
            }
        }
    }

    public static SiloProcess Start(string name, Uri healthUrl, IReadOnlyDictionary<string, string> settings, ILogger logger)
    {
        var path = Path.Combine(AppContext.BaseDirectory, Assembly);
        if (!File.Exists(path))
        {
            throw new DemoFailedException($"{path} is missing: build the demo with 'dotnet build samples/Demo'.");
        }

        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(path);
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var silo = new SiloProcess(name, healthUrl, new Process { StartInfo = start }, logger);
        silo._process.OutputDataReceived += (_, e) => silo.OnOutput(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.OnOutput(e.Data);
        try
        {
            silo._process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            silo._process.Dispose();
            throw new DemoFailedException($"Could not start {DotnetHost.Path}: {ex.Message}", ex);
        }

        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        LogStarted(logger, name, silo.ProcessId);
        return silo;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200: the silo has joined the cluster.</summary>
    public async Task WaitUntilReadyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ready = new Uri(HealthUrl, "health/ready");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new DemoFailedException(
                    $"{Name} exited with code {_process.ExitCode} while starting. Its last lines:{Environment.NewLine}{LastLines}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new DemoFailedException($"{Name} was not ready within {timeout.TotalSeconds:0} s. Its last lines:{Environment.NewLine}{LastLines}");
            }

            try
            {
                using var response = await http.GetAsync(ready, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException
                                           || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet, or too busy starting to answer in time.
            }

            await Task.Delay(ReadyPollEvery, cancellationToken);
        }
    }

    /// <summary>
    /// Stops the silo as Kubernetes would: SIGTERM, then the silo's graceful shutdown (leases released, running work
    /// finished or handed back), and a kill if it takes longer than <paramref name="grace"/>. Returns the exit code.
    /// </summary>
    public Task<int> StopAsync(TimeSpan grace)
    {
        lock (_gate)
        {
            return _stopping ??= StopCoreAsync(grace);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(SiloFleet.StopGrace);
        _process.Dispose();
    }

    private async Task<int> StopCoreAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            LogStopping(_logger, Name);
            if (!PosixSignals.Terminate(_process.Id))
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                LogKilling(_logger, Name, grace.TotalSeconds);
                _process.Kill(entireProcessTree: true);
            }
        }

        // Also waits for the end of its output.
        await _process.WaitForExitAsync(CancellationToken.None);
        LogStopped(_logger, Name, _process.ExitCode);
        return _process.ExitCode;
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines)
            {
                _lastLines.Dequeue();
            }
        }

        // The demo sets the silos' log level: what they print is worth showing.
        Console.Out.WriteLine($"{Name} │ {line}");
    }
}
