using System.Globalization;
using Bptl.Demo.Cluster;
using Bptl.Embedded;
using Bptl.Sandbox.Hosting;
using Spectre.Console;

namespace Bptl.Demo;

/// <summary>What runs and where to look, printed once everything is up.</summary>
internal static class Banner
{
    public static void Print(PostgresCluster postgres, string database, SandboxEngineHost engine, SiloFleet silos, DemoOptions options)
    {
        var port = postgres.Port.ToString(CultureInfo.InvariantCulture);
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine("[bold]Bptl demo[/]: everything below runs on this machine; Ctrl+C stops all of it.");
        Line("engine", $"{engine.BaseAddress}  (the sandbox: Camunda 7's REST API, in memory)");
        Line("", "try process-instance, incident, external-task, history/process-instance");
        foreach (var silo in silos.Silos)
        {
            Line(silo.Name, $"pid {silo.ProcessId}, health {new Uri(silo.HealthUrl, "health")}");
        }

        Line("database", $"psql -h 127.0.0.1 -p {port} -U postgres {database}  (bptl_silo, bptl_topic_lease, bptl_task, bptl_task_event)");
        Line("", $"a throwaway cluster in {postgres.Directory}");
        Line("process", "demo-order: validate → charge → pack (amount ≥ 500) → notify; an invalid order takes the");
        Line("", "error boundary event to 'notify rejected'");
        Line("admin UI", "not in the demo yet: it arrives with its own issue");
        var rate = options.Rate.ToString("0.##", CultureInfo.InvariantCulture);
        var every = options.SummaryEvery.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        AnsiConsole.MarkupLine(Markup.Escape($"Starting {rate} orders a second; a summary follows every {every} s."));
        AnsiConsole.WriteLine();
    }

    private static void Line(string label, string text) =>
        AnsiConsole.MarkupLine($"  [blue]{Markup.Escape(label),-10}[/] {Markup.Escape(text)}");
}
