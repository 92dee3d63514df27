using System.Diagnostics;
using Bptl.Camunda;
using Bptl.Camunda.Errors;
using Bptl.Demo.Cluster;
using Bptl.Demo.Engine;
using Bptl.Demo.Monitoring;
using Bptl.Embedded;
using Bptl.Sandbox.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bptl.Demo;

/// <summary>
/// One run of the demo: start PostgreSQL, the engine and the silos; start orders and print summaries until stopped;
/// then stop in the reverse order: silos (gracefully), engine, PostgreSQL, and remove the temporary folders.
/// </summary>
internal sealed partial class DemoRun(DemoOptions options, StopSignal signals, ILoggerFactory loggers)
{
    private const string Database = "bptl";
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly ILogger<DemoRun> _logger = loggers.CreateLogger<DemoRun>();

    /// <summary>Runs until Ctrl+C or SIGTERM (or the self-check ends); returns the exit code.</summary>
    public async Task<int> RunAsync()
    {
        var stop = signals.Token;
        try
        {
            var exitCode = await RunStackAsync(stop);
            DemoFolders.RemoveLeftovers();
            LogAllStopped(_logger);
            return exitCode;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            DemoFolders.RemoveLeftovers();
            LogStoppedWhileStarting(_logger);
            return 0;
        }
        catch (Exception ex) when (ex is DemoFailedException or PostgresClusterException or CamundaException or NpgsqlException
                                       or HttpRequestException or IOException)
        {
            DemoFolders.RemoveLeftovers();
            if (stop.IsCancellationRequested)
            {
                // A stop during start-up can break a start half-way (the embedded cluster stops itself on the signal).
                LogStoppedWhileStarting(_logger);
                return 0;
            }

            LogFailed(_logger, ex.Message);
            return 1;
        }
    }

    // Each part is disposed in the reverse order of its start: silos, engine, PostgreSQL.
    private async Task<int> RunStackAsync(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        LogStarting(_logger);
        // A stop while the cluster starts cuts its start short; RunAsync then removes what it left. The demo stops the
        // cluster itself, after the silos, so the cluster's own signal handling is off.
        await using var postgres = await PostgresCluster.StartAsync(
            new PostgresClusterOptions { RootDirectory = DemoFolders.PostgresRoot, MaxConnections = 100, StopOnSignals = false }, stop);
        var connectionString = await postgres.CreateDatabaseAsync(Database, stop);
        LogPostgresStarted(_logger, postgres.Port);

        await using var engine = await StartEngineAsync();
        signals.Arm();
        stop.ThrowIfCancellationRequested();
        using var client = CamundaClient.Create(new CamundaClientOptions { BaseAddress = engine.BaseAddress });
        await DemoProcessModel.DeployAsync(client, stop);
        LogEngineStarted(_logger, engine.BaseAddress);

        await using var silos = await SiloFleet.StartAsync(options, connectionString, engine.BaseAddress, loggers, stop);
        await using var database = NpgsqlDataSource.Create(connectionString);
        using var http = new HttpClient { BaseAddress = engine.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var starter = new InstanceStarter(client, options.Rate, loggers.CreateLogger<InstanceStarter>());
        var monitor = new ClusterMonitor(database, new EngineCounts(http, client), starter);
        LogReady(_logger, clock.Elapsed.TotalSeconds);
        Banner.Print(postgres, Database, engine, silos, options);

        var outcome = await WatchAsync(starter, monitor, silos, clock, stop);

        // Silos first, while the engine and the database are still up for their hand-back and last reports.
        LogStopping(_logger);
        var silosClean = await silos.StopAsync();
        await PrintFinalAsync(monitor, clock);
        return outcome == Outcome.Failed || !silosClean ? 1 : 0;
    }

    // The engine starts within a second and is not interrupted: a host cut short half-way would not be disposed.
    private async Task<SandboxEngineHost> StartEngineAsync()
    {
        try
        {
            return await SandboxEngineHost.StartAsync(new SandboxOptions { Port = options.EnginePort }, CancellationToken.None);
        }
        catch (IOException) when (options.EnginePort != 0)
        {
            LogEnginePortBusy(_logger, options.EnginePort);
            return await SandboxEngineHost.StartAsync(new SandboxOptions { Port = 0 }, CancellationToken.None);
        }
    }

    private async Task<Outcome> WatchAsync(InstanceStarter starter, ClusterMonitor monitor, SiloFleet silos, Stopwatch clock, CancellationToken stop)
    {
        using var starting = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var orders = starter.RunAsync(starting.Token);
        var runStarted = clock.Elapsed;
        var nextSummary = options.SummaryEvery;
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (silos.FirstExited() is { } exited)
                {
                    LogSiloExited(_logger, exited.Name, exited.LastLines);
                    return Outcome.Failed;
                }

                var elapsed = clock.Elapsed - runStarted;
                DemoSnapshot snapshot;
                try
                {
                    snapshot = await monitor.ReadAsync(elapsed, stop);
                }
                catch (Exception ex) when ((ex is NpgsqlException or HttpRequestException or CamundaException or TaskCanceledException)
                                           && !stop.IsCancellationRequested)
                {
                    LogReadFailed(_logger, ex.Message);
                    if (options.CheckWithin is { } deadline && elapsed >= deadline)
                    {
                        return Outcome.Failed;
                    }

                    continue;
                }

                if (elapsed >= nextSummary)
                {
                    SummaryPrinter.Print(snapshot);
                    nextSummary += options.SummaryEvery;
                }

                if (options.CheckWithin is { } limit && Check(snapshot, elapsed, limit) is { } verdict)
                {
                    return verdict;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            LogStopRequested(_logger);
        }
        finally
        {
            await starting.CancelAsync();
            await orders;
        }

        return Outcome.Stopped;
    }

    private Outcome? Check(DemoSnapshot snapshot, TimeSpan elapsed, TimeSpan limit)
    {
        var check = PathCheck.Of(snapshot, options.SiloCount);
        if (check.AllSeen)
        {
            SummaryPrinter.Print(snapshot);
            LogCheckPassed(_logger, elapsed.TotalSeconds);
            SummaryPrinter.PrintCheck(check);
            return Outcome.Passed;
        }

        if (elapsed < limit)
        {
            return null;
        }

        SummaryPrinter.Print(snapshot);
        LogCheckFailed(_logger, limit.TotalSeconds, string.Join("; ", check.Missing));
        SummaryPrinter.PrintCheck(check);
        return Outcome.Failed;
    }

    private async Task PrintFinalAsync(ClusterMonitor monitor, Stopwatch clock)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            SummaryPrinter.Print(await monitor.ReadAsync(clock.Elapsed, timeout.Token), "after the silos stopped");
        }
        catch (Exception ex) when (ex is NpgsqlException or HttpRequestException or CamundaException or OperationCanceledException)
        {
            LogNoFinalSummary(_logger, ex.Message);
        }
    }

    private enum Outcome
    {
        Stopped,
        Passed,
        Failed,
    }
}
