using System.Globalization;
using System.Runtime.InteropServices;

namespace Bptl.Benchmarks.Runtime;

/// <summary>
/// The grain runtime benchmark, in one run: throughput of a no-op work unit on one and two silos as a ratio to a
/// raw fetch-and-complete baseline measured in the same run; task-available → work-unit-start latency under light
/// load; and the idle cost of a silo with 20 topics. Everything runs on this machine: the sandbox engine and the
/// silos of the throughput and latency phases in this process, a throwaway PostgreSQL cluster beside it, and the
/// idle silo in a child process.
/// </summary>
internal static class RuntimeBenchmark
{
    public sealed record Settings(
        int Tasks,
        int Warmup,
        int MaxTasks,
        int Concurrency,
        int Rounds,
        PostgresMode Postgres,
        string? SiloConnectionOptions,
        int LatencyInstances,
        double LatencyRate,
        int IdleTopics,
        TimeSpan IdleSettle,
        TimeSpan IdleWindow,
        IReadOnlySet<string> Phases);

    public static async Task<int> RunAsync(Settings settings, TextWriter output, CancellationToken ct)
    {
        output.WriteLine("Bptl grain runtime benchmark");
        output.WriteLine(Machine());
        output.WriteLine("load average at start: " + LoadAverage());
        await using var postgres = await BenchPostgres.StartAsync(settings.Postgres, ct);
        output.WriteLine("PostgreSQL " + postgres.Description);
        await using var engine = await BenchEngine.StartAsync(ct);

        var throughput = new List<(ThroughputResult Baseline, ThroughputResult Runtime)>();
        if (settings.Phases.Contains("throughput"))
        {
            using var phase = new ThroughputPhase(engine, postgres, settings.SiloConnectionOptions, output);
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"== Throughput: no-op work unit, maxTasks {settings.MaxTasks}, concurrency {settings.Concurrency} per silo (slots = topic concurrency)"));
            // Tiered JIT keeps compiling for a while (hot methods move to tier 1, loops through OSR): warm up every path the
            // measurements take, the JIT counts printed with each phase show whether it settled.
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {settings.Warmup} tasks on the baseline, on one silo and on two silos"));
            (await phase.BaselineAsync("warm-up baseline", settings.Warmup, settings.MaxTasks, settings.Concurrency, ct)).Print(output, null);
            (await phase.SilosAsync("warm-up 1 silo", 1, settings.Warmup, settings.MaxTasks, settings.Concurrency, ct)).Print(output, null);
            (await phase.SilosAsync("warm-up 2 silos", 2, settings.Warmup, settings.MaxTasks, settings.Concurrency, ct)).Print(output, null);
            for (var round = 1; round <= settings.Rounds; round++)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: {settings.Tasks} pre-started instances per measurement"));
                foreach (var silos in (int[])[1, 2])
                {
                    var concurrency = settings.Concurrency * silos;
                    var baseline = await phase.BaselineAsync(
                        string.Create(CultureInfo.InvariantCulture, $"baseline, concurrency {concurrency}"), settings.Tasks, settings.MaxTasks, concurrency, ct);
                    baseline.Print(output, null);
                    var runtime = await phase.SilosAsync(
                        string.Create(CultureInfo.InvariantCulture, $"{silos} silo{(silos == 1 ? "" : "s")}"), silos, settings.Tasks, settings.MaxTasks,
                        settings.Concurrency, ct);
                    runtime.Print(output, baseline.PerSecond);
                    throughput.Add((baseline, runtime));
                }
            }
        }

        LatencyResult? latency = null;
        if (settings.Phases.Contains("latency"))
        {
            output.WriteLine();
            output.WriteLine("== Latency: task available → work unit started, light load");
            latency = await new LatencyPhase(engine, postgres).RunAsync(settings.LatencyInstances, settings.LatencyRate, warmup: 20, settings.MaxTasks,
                settings.Concurrency, ct);
            latency.Print(output);
        }

        IdleResult? idle = null;
        if (settings.Phases.Contains("idle"))
        {
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"== Idle: a silo process with {settings.IdleTopics} topics and no tasks (settle {settings.IdleSettle.TotalSeconds:F0} s, window {settings.IdleWindow.TotalSeconds:F0} s)"));
            idle = await new IdlePhase(engine, postgres).RunAsync(settings.IdleTopics, settings.IdleSettle, settings.IdleWindow, ct);
            idle.Print(output);
        }

        output.WriteLine();
        output.WriteLine("load average at end: " + LoadAverage());
        PrintSummary(output, settings, postgres, throughput, latency, idle);
        return 0;
    }

    private static void PrintSummary(TextWriter output, Settings settings, BenchPostgres postgres,
        List<(ThroughputResult Baseline, ThroughputResult Runtime)> throughput, LatencyResult? latency, IdleResult? idle)
    {
        output.WriteLine();
        output.WriteLine("== Summary");
        output.WriteLine("PostgreSQL: " + postgres.Mode switch
        {
            PostgresMode.Durable => "production durability (fsync, synchronous_commit, full_page_writes on)",
            PostgresMode.AsyncCommit => "EXPERIMENT: fsync on but synchronous_commit off",
            _ => "EXPERIMENT: the test cluster's settings (fsync off)",
        });
        if (settings.SiloConnectionOptions is { } extra)
        {
            output.WriteLine("EXPERIMENT: silo connection strings add " + extra);
        }

        foreach (var (baseline, runtime) in throughput)
        {
            var ratio = runtime.PerSecond / baseline.PerSecond;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"throughput {runtime.Name,-8}: {runtime.PerSecond,6:F0} tasks/s vs baseline {baseline.PerSecond,6:F0} tasks/s = {ratio:F2} (aim ≥ 0.80: {(ratio >= 0.8 ? "met" : "MISSED")})"));
        }

        if (latency is not null)
        {
            var p = latency.FromCreateTime;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"latency available → start: p50 {p.P50:F2} ms (aim ≤ 5: {(p.P50 <= 5 ? "met" : "MISSED")}), p99 {p.P99:F2} ms (aim ≤ 50: {(p.P99 <= 50 ? "met" : "MISSED")})"));
        }

        if (idle is not null)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"idle, {idle.Topics} topics: {idle.SiloCoreFraction * 100:F2} % of a core (aim < 1 %: {(idle.SiloCoreFraction < 0.01 ? "met" : "MISSED")}), "
                + $"{idle.StatementsPerSecond:F2} statements/s, {idle.TransactionsPerSecond:F2} transactions/s"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"settings: tasks {settings.Tasks}, warm-up {settings.Warmup}, maxTasks {settings.MaxTasks}, concurrency {settings.Concurrency} per silo, rounds {settings.Rounds}"));
    }

    private static string Machine()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return string.Create(CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {memory:F0} GB, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, "
            + $"GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
