using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Bptl.Camunda.History;
using Bptl.Camunda.ProcessDefinitions;

namespace Bptl.Benchmarks.Runtime;

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record LatencyResult(int Samples, double Rate, Percentiles FromCreateTime, Percentiles FromStartReturned, CpuUse Cpu)
{
    public void Print(TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Samples} instances started one at a time at {Rate:F0}/s on one silo"));
        output.WriteLine($"    from the engine task's createTime:      {FromCreateTime}");
        output.WriteLine($"    from the start call's return (bound):   {FromStartReturned}");
        output.WriteLine($"    {Cpu}");
    }
}

internal readonly record struct Percentiles(double P50, double P90, double P99, double Max)
{
    public static Percentiles Of(List<double> values)
    {
        values.Sort();
        return new Percentiles(At(values, 0.50), At(values, 0.90), At(values, 0.99), values[^1]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50:F2} ms, p90 {P90:F2} ms, p99 {P99:F2} ms, max {Max:F2} ms");

    private static double At(List<double> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>
/// Task-available → work-unit-start under light load: one silo whose poller waits in a long poll; instances start
/// one at a time at a modest rate; the work unit records when it started. The task became available at its
/// <c>createTime</c>, read back from the engine's external-task log (the sandbox is in this process, so both times
/// come from the same clock; createTime has millisecond precision, so figures may be up to 1 ms high). The time
/// the start call returned is reported too: the engine answers the waiting long poll while the start call is
/// still returning, so that figure is a lower bound.
/// </summary>
internal sealed class LatencyPhase(BenchEngine engine, BenchPostgres postgres)
{
    public async Task<LatencyResult> RunAsync(int instances, double rate, int warmup, int maxTasks, int concurrency, CancellationToken ct)
    {
        const string topic = "bench-latency";
        var connectionString = await postgres.CreateDatabaseAsync("bench_latency", ct);
        var recorder = new StartRecorder();
        var returned = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        try
        {
            await engine.DeployAsync(topic, ct);
            var configuration = BenchSilo.Configuration("latency-silo", connectionString, engine.BaseAddress, concurrency,
                [new BenchTopic(topic, RecordingWorkUnit.Name, Enabled: true, maxTasks, concurrency)]);
            await using var silo = await BenchSilo.StartAsync(configuration, null, recorder, ct);
            await engine.Host.WaitForPendingFetchAndLockAsync(1, ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

            var total = warmup + instances;
            var period = TimeSpan.FromSeconds(1 / rate);
            var cpuBefore = CpuMeter.Sample(postgres.PostmasterPid());
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < total; i++)
            {
                var due = TimeSpan.FromTicks(period.Ticks * i) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, ct);
                }

                var instance = await engine.Client.ProcessDefinitions.StartByKeyAsync(topic, new StartProcessInstance(), null, ct);
                returned[instance.Id] = DateTimeOffset.UtcNow;
            }

            var deadline = Stopwatch.StartNew();
            while (recorder.Count < total && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50, ct);
            }

            var cpu = CpuSample.Between(cpuBefore, CpuMeter.Sample(postgres.PostmasterPid()));
            var log = await engine.Client.History.ListExternalTaskLogAsync(new ExternalTaskLogQuery { TopicName = topic, CreationLog = true }, ct);
            var created = log.Where(e => e.ProcessInstanceId is not null && e.Timestamp is not null)
                .OrderBy(e => e.Timestamp)
                .Skip(warmup)
                .ToList();
            var fromCreate = new List<double>();
            var fromReturn = new List<double>();
            foreach (var entry in created)
            {
                if (!recorder.TryGet(entry.ProcessInstanceId!, out var start))
                {
                    throw new InvalidOperationException($"The work unit of instance {entry.ProcessInstanceId} never started.");
                }

                fromCreate.Add((start - entry.Timestamp!.Value).TotalMilliseconds);
                fromReturn.Add((start - returned[entry.ProcessInstanceId!]).TotalMilliseconds);
            }

            return new LatencyResult(fromCreate.Count, rate, Percentiles.Of(fromCreate), Percentiles.Of(fromReturn), cpu);
        }
        finally
        {
            await postgres.DropDatabaseAsync("bench_latency", CancellationToken.None);
        }
    }
}
