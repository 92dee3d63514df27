using System.Diagnostics;
using System.Globalization;
using Bptl.Sandbox.Faults;
using Npgsql;

namespace Bptl.Benchmarks.Runtime;

/// <summary>What one throughput phase measured.</summary>
internal sealed record ThroughputResult(string Name, int Tasks, TimeSpan Elapsed, long FetchCalls, long CompleteCalls, CpuUse Cpu,
    DbCounters? Db, IReadOnlyList<StatementStat> Statements, IReadOnlyList<string> ClientTimings)
{
    public double PerSecond => Tasks / Elapsed.TotalSeconds;

    public void Print(TextWriter output, double? baseline)
    {
        var ratio = baseline is { } b ? string.Create(CultureInfo.InvariantCulture, $", {PerSecond / b:F2} of the baseline") : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Name}: {Tasks} tasks in {Elapsed.TotalSeconds:F2} s = {PerSecond:F0} tasks/s{ratio}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    engine calls: {FetchCalls} fetchAndLock ({(double)Tasks / Math.Max(1, FetchCalls):F1} tasks per fetch), {CompleteCalls} complete; {Cpu}"));
        if (Db is { } db)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    database: {db.Statements} statements ({(double)db.Statements / Tasks:F2} per task), {db.Transactions} transactions "
                + $"({(double)db.Transactions / Tasks:F2} per task), {db.WalSyncs} WAL syncs ({(double)db.WalSyncs / Tasks:F3} per task, "
                + $"{db.WalSyncMs / Math.Max(1, db.WalSyncs):F2} ms each), {db.WalBytes / Tasks} WAL bytes per task"));
            foreach (var timing in ClientTimings)
            {
                output.WriteLine("    Npgsql " + timing);
            }

            foreach (var s in Statements)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"      {s.Calls,7} calls {s.TotalMs / Math.Max(1, s.Calls),6:F3} ms exec {(double)s.Rows / Math.Max(1, s.Calls),5:F1} rows {s.Plans,7} plans {s.PlanMs / Math.Max(1, s.Plans),6:F3} ms  {Shorten(s.Query)}"));
            }
        }
    }

    private static string Shorten(string query) => query.Length <= 90 ? query : query[..90] + "…";
}

/// <summary>The throughput phases: the raw baseline, and the same load through one or more silos.</summary>
internal sealed class ThroughputPhase(BenchEngine engine, BenchPostgres postgres, string? connectionOptions, TextWriter output) : IDisposable
{
    private readonly NpgsqlTimings _timings = new();

    private int _topics;

    /// <summary>The baseline loop at <paramref name="concurrency"/>.</summary>
    public async Task<ThroughputResult> BaselineAsync(string name, int tasks, int maxTasks, int concurrency, CancellationToken ct)
    {
        var topic = await PrepareAsync(tasks, ct);
        engine.Host.Calls.Reset();
        var before = CpuMeter.Sample(null);
        var elapsed = await RawBaseline.RunAsync(engine.BaseAddress, topic, tasks, maxTasks, concurrency, TimeSpan.FromSeconds(20), ct);
        var cpu = CpuSample.Between(before, CpuMeter.Sample(null));
        return new ThroughputResult(name, tasks, elapsed, engine.Host.Calls[SandboxEndpoint.FetchAndLock], engine.Host.Calls[SandboxEndpoint.Complete],
            cpu, null, [], []);
    }

    /// <summary>
    /// <paramref name="silos"/> silos on a fresh database with the topic configured but disabled; the instances are
    /// started; then the topic is enabled (its trigger notifies the silos) and the phase runs from the first fetch
    /// to the last acknowledged complete.
    /// </summary>
    public async Task<ThroughputResult> SilosAsync(string name, int silos, int tasks, int maxTasks, int concurrency, CancellationToken ct)
    {
        var topic = NextTopic();
        var database = topic.Replace('-', '_');
        var connectionString = await postgres.CreateDatabaseAsync(database, ct);
        var siloConnectionString = connectionOptions is null ? connectionString : connectionString + ";" + connectionOptions;
        var probe = new RunProbe();
        var hosts = new List<BenchSilo>();
        try
        {
            for (var i = 1; i <= silos; i++)
            {
                var configuration = BenchSilo.Configuration($"{topic}-silo{i.ToString(CultureInfo.InvariantCulture)}", siloConnectionString, engine.BaseAddress,
                    concurrency, [new BenchTopic(topic, NoopWorkUnit.Name, Enabled: false, maxTasks, concurrency)]);
                hosts.Add(await BenchSilo.StartAsync(configuration, probe, null, ct));
            }

            await engine.DeployAsync(topic, ct);
            await engine.StartInstancesAsync(topic, tasks, ct);
            // Two heartbeats (2 s each by default): every silo's view of the cluster includes the others' free slots.
            await Task.Delay(TimeSpan.FromSeconds(4.5), ct);

            await postgres.ResetStatementsAsync(ct);
            var dbBefore = await postgres.CountersAsync(database, ct);
            engine.Host.Calls.Reset();
            var cpuBefore = CpuMeter.Sample(postgres.PostmasterPid());
            _timings.Reset();
            probe.Arm(tasks);
            await ExecuteAsync(connectionString, "UPDATE bptl_topic SET enabled = true WHERE topic = @topic", topic, ct);
            await WaitAsync(probe, tasks, ct);
            var cpu = CpuSample.Between(cpuBefore, CpuMeter.Sample(postgres.PostmasterPid()));
            var timings = _timings.Describe();
            var statements = await postgres.TopStatementsAsync(database, 8, ct);
            var fetches = engine.Host.Calls[SandboxEndpoint.FetchAndLock];
            var completes = engine.Host.Calls[SandboxEndpoint.Complete];

            // Stopping closes the silos' connections; their backends flush their statistics as they exit.
            await StopAllAsync(hosts);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            var db = await postgres.CountersAsync(database, ct) - dbBefore;
            return new ThroughputResult(name, tasks, probe.Elapsed, fetches, completes, cpu, db, statements, timings);
        }
        finally
        {
            await StopAllAsync(hosts);
            await postgres.DropDatabaseAsync(database, CancellationToken.None);
        }
    }

    public void Dispose() => _timings.Dispose();

    private async Task<string> PrepareAsync(int tasks, CancellationToken ct)
    {
        var topic = NextTopic();
        await engine.DeployAsync(topic, ct);
        await engine.StartInstancesAsync(topic, tasks, ct);
        return topic;
    }

    private string NextTopic() => "bench-t" + (++_topics).ToString(CultureInfo.InvariantCulture);

    private async Task WaitAsync(RunProbe probe, int tasks, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (!probe.Done.IsCompleted)
        {
            await Task.WhenAny(probe.Done, Task.Delay(TimeSpan.FromSeconds(10), ct));
            ct.ThrowIfCancellationRequested();
            if (!probe.Done.IsCompleted)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    … {probe.Completed} of {tasks} completed after {watch.Elapsed.TotalSeconds:F0} s"));
                if (watch.Elapsed > TimeSpan.FromMinutes(10))
                {
                    throw new TimeoutException($"Only {probe.Completed} of {tasks} tasks completed in 10 minutes.");
                }
            }
        }
    }

    private static async Task StopAllAsync(List<BenchSilo> hosts)
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        hosts.Clear();
    }

    private static async Task ExecuteAsync(string connectionString, string sql, string topic, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("topic", topic);
        await command.ExecuteNonQueryAsync(ct);
    }
}
