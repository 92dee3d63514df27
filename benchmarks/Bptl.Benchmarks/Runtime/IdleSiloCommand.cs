using System.CommandLine;
using System.Globalization;

namespace Bptl.Benchmarks.Runtime;

/// <summary>
/// <c>idle-silo</c> (hidden): the silo the <c>runtime</c> benchmark measures idle, in its own process so that its
/// CPU time is its own. Topics <c>idle-00</c>… with default settings, production default timings; it stops
/// gracefully when its standard input closes.
/// </summary>
internal static class IdleSiloCommand
{
    public static Command Create()
    {
        var connectionString = new Option<string>("--connection-string") { Description = "The silo's database", Required = true };
        var engineUrl = new Option<string>("--engine-url") { Description = "The engine's REST root", Required = true };
        var topics = new Option<int>("--topics") { Description = "How many topics to poll", DefaultValueFactory = _ => 20 };
        var command = new Command("idle-silo", "A silo polling topics that never get tasks (started by the runtime benchmark)")
        {
            connectionString, engineUrl, topics,
        };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = BenchSilo.Configuration("idle-silo", parse.GetValue(connectionString)!, new Uri(parse.GetValue(engineUrl)!), 32,
                Enumerable.Range(0, parse.GetValue(topics))
                    .Select(i => new BenchTopic("idle-" + i.ToString("00", CultureInfo.InvariantCulture), NoopWorkUnit.Name, Enabled: true, 10, 10)));
            await using var silo = await BenchSilo.StartAsync(configuration, null, null, cancellationToken);
            await Console.In.ReadToEndAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
