using System.CommandLine;

namespace Bptl.Benchmarks;

/// <summary><c>sandbox-throughput</c>: completions per second a tight raw-HTTP client gets out of the sandbox.</summary>
internal static class SandboxThroughputCommand
{
    public static Command Create()
    {
        var instances = new Option<int>("--instances") { Description = "Process instances started before measuring", DefaultValueFactory = _ => 100_000 };
        var workers = new Option<int>("--workers") { Description = "Concurrent fetch-and-complete loops", DefaultValueFactory = _ => 4 };
        var concurrency = new Option<int>("--concurrency") { Description = "Completes in flight per worker", DefaultValueFactory = _ => 16 };
        var maxTasks = new Option<int>("--max-tasks") { Description = "maxTasks of each fetchAndLock", DefaultValueFactory = _ => 50 };
        var warmup = new Option<int>("--warmup") { Description = "Instances completed before measuring (JIT warm-up)", DefaultValueFactory = _ => 20_000 };
        var engineUrl = new Option<string?>("--engine-url") { Description = "Drive an engine that is already running (e.g. http://127.0.0.1:8080/engine-rest/) instead of an in-process sandbox" };
        var command = new Command("sandbox-throughput", "Starts the sandbox in-process, pre-starts one-external-task instances, "
            + "then measures fetchAndLock(maxTasks) + complete over loopback HTTP")
        {
            instances, workers, concurrency, maxTasks, warmup, engineUrl,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new SandboxThroughput.Settings(
                parse.GetValue(instances), parse.GetValue(workers), parse.GetValue(concurrency), parse.GetValue(maxTasks), parse.GetValue(warmup),
                parse.GetValue(engineUrl) is { } url ? new Uri(url) : null);
            var result = await SandboxThroughput.RunAsync(settings, Console.Out, cancellationToken);
            return result.CompletionsPerSecond > 0 ? 0 : 1;
        });
        return command;
    }
}
