using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Bptl.Demo.Monitoring;

/// <summary>Prints a snapshot as a compact block of a few lines.</summary>
internal static class SummaryPrinter
{
    // The life of a task grain, in order; states that never occurred in this run are left out.
    private static readonly string[] StateOrder =
        ["available", "running", "reporting", "failed", "completed", "bpmn_error", "incident", "released", "lost", "gone", "rejected"];

    public static void Print(DemoSnapshot snapshot, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var heading = title ?? snapshot.Elapsed.ToString(@"m\:ss", CultureInfo.InvariantCulture);
        var lines = new List<IRenderable>
        {
            new Rule($"[grey]{Markup.Escape(heading)}[/]") { Justification = Justify.Left, Style = Style.Parse("grey") },
            Line("instances",
                $"started [bold]{snapshot.InstancesStarted}[/] · finished [green]{snapshot.InstancesFinished}[/] · " +
                $"running {snapshot.InstancesRunning} · open incidents {Count(snapshot.OpenIncidents, "red")}"),
            Line("tasks", string.Join(" · ", StateOrder
                .Where(s => snapshot.Tasks(s) > 0 || s is "available" or "running" or "completed")
                .Select(s => $"{s} {snapshot.Tasks(s)}"))),
            Line("paths",
                $"failures retried {snapshot.RetriedFailures} · incidents {Count(snapshot.Tasks("incident"), "red")} · " +
                $"BPMN errors caught {snapshot.Tasks("bpmn_error")} · lock extensions {snapshot.LockExtensions}"),
        };
        foreach (var silo in snapshot.Silos)
        {
            var topics = silo.Topics.Count == 0 ? "no topics" : string.Join(", ", silo.Topics);
            lines.Add(Line(silo.Name, $"{silo.Status} · polls {Markup.Escape(topics)} · outcomes reported {silo.Reported}"));
        }

        AnsiConsole.Write(new Rows(lines));
    }

    public static void PrintCheck(PathCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var (path, seen) in check.Paths)
        {
            AnsiConsole.MarkupLine(seen ? $"  [green]✓[/] {Markup.Escape(path)}" : $"  [red]✗[/] {Markup.Escape(path)}");
        }
    }

    private static string Count(long count, string color) => count == 0 ? "0" : $"[{color}]{count}[/]";

    private static Markup Line(string label, string markup) => new($" [blue]{Markup.Escape(label),-10}[/] {markup}");
}
