using System.Collections.Concurrent;
using Bptl.Sandbox.Faults;
using Bptl.Testing.Cluster;

namespace Bptl.Cluster.Tests.Infrastructure;

/// <summary>The end of a run with killed silos: nothing lost, nothing done twice.</summary>
public sealed class CompletionAudit(Scenario scenario, ProcessSilos processes, ClusterState state)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Every instance of <paramref name="processKey"/> completed, every one of its <paramref name="tasks"/> task grains
    /// completed with its outcome recorded once, and the engine was asked to complete each task once, but for the
    /// reports a killed silo left behind.
    /// </summary>
    /// <remarks>
    /// A silo killed after persisting an outcome and before recording the engine's answer leaves the report to another
    /// silo, which sends it again: one more complete call for that task, at most. When the first had landed, the engine
    /// answers 404, its log shows the completion landed, and that is what the grain records; when the first never got
    /// through (the silo died sending it), the second completes the task. A machine too busy for the tests' fast
    /// timings (a silo that was not killed declared dead, a complete request retried or left unanswered) sends reports
    /// again too: the count is then only bounded below, and the test says why.
    /// </remarks>
    public async Task EveryTaskCompletedOnceAsync(string processKey, int instances, int tasks, IReadOnlyCollection<Guid> killed,
        ConcurrentDictionary<string, int> inProcessRuns)
    {
        var finished = await scenario.Client.History.ListProcessInstancesAsync(new() { ProcessDefinitionKey = processKey, Finished = true }, cancellationToken: Ct);
        finished.Count.ShouldBe(instances);
        finished.ShouldAllBe(p => p.State == "COMPLETED");
        (await state.StatesAsync()).ShouldBe(new Dictionary<string, long> { ["completed"] = tasks }, "no grain is left available, running or reporting");
        (await state.CountReportedTwiceAsync()).ShouldBe(0, "each grain's outcome is recorded once");

        var landed = await state.CountLandedReReportsAsync();
        var leftBehind = await state.CountRescuedWhileReportingAsync();
        var calls = scenario.Engine.Calls[SandboxEndpoint.Complete];
        var disturbances = await DisturbancesAsync(killed);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{calls} complete calls for {tasks} tasks; {leftBehind} reports left behind by a killed silo, {landed} of them had landed already; " +
            $"disturbances: {(disturbances.Count == 0 ? "none" : string.Join("; ", disturbances))}");
        calls.ShouldBeGreaterThanOrEqualTo(tasks + landed, "every task completed, and every landed re-report is one more call");
        if (disturbances.Count > 0)
        {
            return;
        }

        calls.ShouldBeLessThanOrEqualTo(tasks + leftBehind, "one complete call per task, and one more at most per report a killed silo left behind");
        (await state.CountLandedReReportsOfUnrescuedAsync()).ShouldBe(0, "only a killed silo's reports are sent again");
        inProcessRuns.Values.ShouldAllBe(n => n == 1, "the in-process silo, never killed, ran no task twice");
    }

    private async Task<List<string>> DisturbancesAsync(IReadOnlyCollection<Guid> killed)
    {
        var disturbances = new List<string>();
        if (await state.DeclaredDeadAsync(killed) is { Count: > 0 } dead)
        {
            disturbances.Add($"silos declared dead though not killed: {string.Join(", ", dead)}");
        }

        if (processes.LinesContaining("Retrying Camunda POST", "/complete") is { Count: > 0 } retried)
        {
            disturbances.Add($"{retried.Count} complete requests retried");
        }

        if (processes.LinesContaining("not acknowledged (attempt") is { Count: > 0 } unanswered)
        {
            disturbances.Add($"{unanswered.Count} reports left unanswered and retried");
        }

        return disturbances;
    }
}
