using System.CommandLine;

namespace Bptl.Benchmarks.Runtime;

/// <summary><c>runtime</c>: the grain runtime's throughput (against a raw baseline), latency and idle cost, in one run.</summary>
internal static class RuntimeCommand
{
    public static Command Create()
    {
        var tasks = new Option<int>("--tasks") { Description = "Pre-started instances per throughput measurement", DefaultValueFactory = _ => 20_000 };
        var warmup = new Option<int>("--warmup") { Description = "Tasks run on the baseline, one silo and two silos before measuring", DefaultValueFactory = _ => 10_000 };
        var maxTasks = new Option<int>("--max-tasks") { Description = "maxTasks per fetch (the topic's MaxTasksPerFetch)", DefaultValueFactory = _ => 50 };
        var concurrency = new Option<int>("--concurrency") { Description = "Tasks in flight per silo (slots and topic concurrency); the baseline gets as many per silo", DefaultValueFactory = _ => 50 };
        var rounds = new Option<int>("--rounds") { Description = "Throughput rounds (each: baseline, 1 silo, baseline, 2 silos)", DefaultValueFactory = _ => 1 };
        var postgres = new Option<string>("--postgres")
        {
            Description = "durable: production durability (fsync on); experiments: async-commit (synchronous_commit off), fast (the test cluster's fsync off)",
            DefaultValueFactory = _ => "durable",
        };
        postgres.AcceptOnlyFromAmong("durable", "async-commit", "fast");
        var connectionOptions = new Option<string?>("--silo-connection-options") { Description = "Experiment: Npgsql keywords added to the throughput silos' connection strings, e.g. \"No Reset On Close=true\"" };
        var latencyInstances = new Option<int>("--latency-instances") { Description = "Instances measured in the latency phase", DefaultValueFactory = _ => 500 };
        var latencyRate = new Option<double>("--latency-rate") { Description = "Instance starts per second in the latency phase", DefaultValueFactory = _ => 20 };
        var idleTopics = new Option<int>("--idle-topics") { Description = "Topics of the idle silo", DefaultValueFactory = _ => 20 };
        var idleSettle = new Option<int>("--idle-settle") { Description = "Seconds the idle silo runs before the window (tiered JIT of its rarely-run loops takes ~5 minutes to settle)", DefaultValueFactory = _ => 300 };
        var idleWindow = new Option<int>("--idle-window") { Description = "Seconds the idle silo is measured", DefaultValueFactory = _ => 120 };
        var phases = new Option<string[]>("--phases") { Description = "Which phases to run", DefaultValueFactory = _ => ["throughput", "latency", "idle"], AllowMultipleArgumentsPerToken = true };
        phases.AcceptOnlyFromAmong("throughput", "latency", "idle");
        var command = new Command("runtime", "Starts a throwaway PostgreSQL cluster (production durability) and the sandbox, then measures the grain runtime: "
            + "throughput on one and two silos against a raw fetchAndLock + complete baseline, task-available → work-unit-start latency, and a 20-topic silo's idle cost")
        {
            tasks, warmup, maxTasks, concurrency, rounds, postgres, connectionOptions, latencyInstances, latencyRate, idleTopics, idleSettle, idleWindow, phases,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new RuntimeBenchmark.Settings(
                parse.GetValue(tasks), parse.GetValue(warmup), parse.GetValue(maxTasks), parse.GetValue(concurrency), parse.GetValue(rounds),
                parse.GetValue(postgres) switch { "async-commit" => PostgresMode.AsyncCommit, "fast" => PostgresMode.Fast, _ => PostgresMode.Durable },
                parse.GetValue(connectionOptions), parse.GetValue(latencyInstances), parse.GetValue(latencyRate), parse.GetValue(idleTopics),
                TimeSpan.FromSeconds(parse.GetValue(idleSettle)), TimeSpan.FromSeconds(parse.GetValue(idleWindow)),
                new HashSet<string>(parse.GetValue(phases)!, StringComparer.Ordinal));
            return await RuntimeBenchmark.RunAsync(settings, Console.Out, cancellationToken);
        });
        return command;
    }
}
