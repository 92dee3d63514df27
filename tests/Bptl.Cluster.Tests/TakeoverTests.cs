using System.Collections.Concurrent;
using Bptl.Cluster.Tests.Infrastructure;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Bptl.Variables;

namespace Bptl.Cluster.Tests;

/// <summary>A takeover neither loses nor duplicates completions.</summary>
public sealed class TakeoverTests(PostgresFixture postgres)
{
    private const int Instances = 150;
    private static readonly string[] Topics = ["order.reserve", "order.charge", "order.ship"];

    [Fact]
    public async Task OneOfThreeSilosKilled_ThreeTaskProcess_EveryTaskCompletedOnce()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        foreach (var topic in Topics)
        {
            scenario.Topic(topic, TestWorkUnits.Slow, ("LockDuration", "00:00:05"));
        }

        var runsInProcess = new ConcurrentDictionary<string, int>();
        scenario.Scripts.AddSlow(runsInProcess);
        await scenario.DeployAsync("order", Bpmn.Chain("order", Topics));
        var state = new ClusterState(scenario.Database);
        await using var processes = new ProcessSilos(scenario);
        var silos = await Task.WhenAll(processes.StartAsync("p1"), processes.StartAsync("p2"));
        await scenario.StartSiloAsync("local");

        for (var i = 0; i < Instances; i++)
        {
            await scenario.StartInstanceAsync("order", new VariableMap { ["n"] = i });
        }

        var victim = silos[0];
        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") >= 50 && await state.CountOwnedAsync(victim.SiloId, "running") >= 5,
            TimeSpan.FromSeconds(30), $"50 tasks completed and {victim.Name} runs at least 5 activations", processes.Dump);
        victim.Kill();
        var runningOnVictim = await state.OwnedTasksAsync(victim.SiloId, "running");

        const int tasks = Instances * 3;
        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == tasks,
            TimeSpan.FromSeconds(45), $"{tasks} task grains completed",
            () => string.Join(", ", state.StatesAsync().GetAwaiter().GetResult()) + "\n" + processes.Dump());

        (await state.WithEventAsync(runningOnVictim, "rescued")).Count.ShouldBe(runningOnVictim.Count);
        TestContext.Current.TestOutputHelper?.WriteLine($"{runningOnVictim.Count} activations were running on {victim.Name} when it was killed");
        await new CompletionAudit(scenario, processes, state).EveryTaskCompletedOnceAsync("order", Instances, tasks, [victim.SiloId], runsInProcess);
    }
}
