using System.Diagnostics;
using System.Globalization;

namespace Bptl.Benchmarks.Runtime;

/// <summary>What an idle silo cost.</summary>
internal sealed record IdleResult(int Topics, TimeSpan Window, TimeSpan SiloCpu, TimeSpan EngineSideCpu, long Statements, long Transactions,
    IReadOnlyList<StatementStat> ByStatement, IReadOnlyList<(string Thread, TimeSpan Cpu)> ByThread, IReadOnlyList<double> SliceCoreFractions)
{
    public double SiloCoreFraction => SiloCpu.TotalSeconds / Window.TotalSeconds;

    public double StatementsPerSecond => Statements / Window.TotalSeconds;

    public double TransactionsPerSecond => Transactions / Window.TotalSeconds;

    public void Print(TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  silo process with {Topics} topics, {Window.TotalSeconds:F0} s: CPU {SiloCpu.TotalMilliseconds:F0} ms = {SiloCoreFraction * 100:F2} % of a core; "
            + $"{StatementsPerSecond:F2} statements/s, {TransactionsPerSecond:F2} transactions/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    (the engine answering its long polls, in this process: {EngineSideCpu.TotalMilliseconds:F0} ms)"));
        output.WriteLine("    silo CPU per 30 s of the window (% of a core): " + string.Join(", ", SliceCoreFractions.Select(f =>
            (f * 100).ToString("F2", CultureInfo.InvariantCulture))));
        output.WriteLine("    silo CPU by thread: " + string.Join(", ", ByThread.Select(t =>
            string.Create(CultureInfo.InvariantCulture, $"{t.Thread} {t.Cpu.TotalMilliseconds:F0} ms"))));
        foreach (var s in ByStatement)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"      {s.Calls / Window.TotalSeconds,6:F2}/s {s.Calls,5} calls  {(s.Query.Length <= 110 ? s.Query : s.Query[..110] + "…")}"));
        }
    }
}

/// <summary>
/// Idle cost: a silo in its own process (this program's hidden <c>idle-silo</c> command) with 20 topics and
/// production default timings, long-polling the in-process sandbox, which has no tasks for it. Once every poller
/// waits in a long poll and a settle time has passed, the window measures the silo process's CPU time
/// (<c>/proc/&lt;pid&gt;/stat</c> utime + stime) and its database's statements (pg_stat_statements, every
/// statement the server ran for that database) and transactions (pg_stat_database xact_commit + xact_rollback).
/// </summary>
internal sealed class IdlePhase(BenchEngine engine, BenchPostgres postgres)
{
    private const string Database = "bench_idle";

    public async Task<IdleResult> RunAsync(int topics, TimeSpan settle, TimeSpan window, CancellationToken ct)
    {
        var connectionString = await postgres.CreateDatabaseAsync(Database, ct);
        using var silo = StartSiloProcess(connectionString, topics);
        try
        {
            var waiting = engine.Host.WaitForPendingFetchAndLockAsync(topics, ct);
            if (await Task.WhenAny(waiting, silo.WaitForExitAsync(ct), Task.Delay(TimeSpan.FromMinutes(2), ct)) != waiting)
            {
                throw new InvalidOperationException(silo.HasExited
                    ? $"The idle silo exited with code {silo.ExitCode.ToString(CultureInfo.InvariantCulture)}."
                    : $"The idle silo did not start {topics} long polls within 2 minutes.");
            }

            await Task.Delay(settle, ct);
            await postgres.ResetStatementsAsync(ct);
            var dbBefore = await postgres.CountersAsync(Database, ct);
            var siloBefore = CpuMeter.ProcessTime(silo.Id);
            var threadsBefore = CpuMeter.ThreadTimes(silo.Id);
            var ownBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var slices = new List<double>();
            var sliceStart = siloBefore;
            while (watch.Elapsed < window)
            {
                var slice = TimeSpan.FromSeconds(Math.Min(30, (window - watch.Elapsed).TotalSeconds));
                var sliceWatch = Stopwatch.StartNew();
                await Task.Delay(slice, ct);
                var now = CpuMeter.ProcessTime(silo.Id);
                slices.Add((now - sliceStart).TotalSeconds / sliceWatch.Elapsed.TotalSeconds);
                sliceStart = now;
            }

            var siloCpu = CpuMeter.ProcessTime(silo.Id) - siloBefore;
            var byThread = CpuMeter.ThreadTimes(silo.Id)
                .Select(t => (Thread: t.Key, Cpu: t.Value - threadsBefore.GetValueOrDefault(t.Key)))
                .Where(t => t.Cpu > TimeSpan.Zero)
                .OrderByDescending(t => t.Cpu)
                .ToList();
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime - ownBefore;
            var elapsed = watch.Elapsed;
            var statements = await postgres.TopStatementsAsync(Database, 12, ct);
            var db = await postgres.CountersAsync(Database, ct) - dbBefore;
            if (silo.HasExited)
            {
                throw new InvalidOperationException("The idle silo exited during the measurement.");
            }

            return new IdleResult(topics, elapsed, siloCpu, ownCpu, db.Statements, db.Transactions, statements, byThread, slices);
        }
        finally
        {
            await StopAsync(silo);
            await postgres.DropDatabaseAsync(Database, CancellationToken.None);
        }
    }

    private Process StartSiloProcess(string connectionString, int topics)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown.");
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            // Run as `dotnet Bptl.Benchmarks.dll`: the program is the entry assembly.
            start.ArgumentList.Add(typeof(IdlePhase).Assembly.Location);
        }

        foreach (var argument in (string[])["idle-silo", "--connection-string", connectionString, "--engine-url", engine.BaseAddress.ToString(),
                     "--topics", topics.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        // A deployed silo runs with .NET's default (concurrent) workstation GC, not this benchmark's setting.
        start.Environment["DOTNET_gcConcurrent"] = "1";
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the idle silo.");
    }

    /// <summary>Closing its standard input stops the silo gracefully; it is killed if it does not stop in time.</summary>
    private static async Task StopAsync(Process silo)
    {
        if (silo.HasExited)
        {
            return;
        }

        silo.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await silo.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            silo.Kill(entireProcessTree: true);
        }
    }
}
