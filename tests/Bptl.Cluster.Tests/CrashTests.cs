using System.Collections.Concurrent;
using Bptl.Cluster.Tests.Infrastructure;
using Bptl.Grains.Tasks;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Bptl.Variables;

namespace Bptl.Cluster.Tests;

/// <summary>A silo process killed abruptly (no shutdown, no lease release, no hand-back) while it runs work.</summary>
public sealed class CrashTests(PostgresFixture postgres)
{
    private const int Instances = 200;
    private static readonly string[] Topics = ["crash.a", "crash.b", "crash.c", "crash.d"];

    // A loaded machine runs the runtime's own steps late; this much is allowed on top of the design's bound.
    private static readonly TimeSpan Scheduling = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task SiloKilledMidRun_AnotherSiloTakesItsLeasesAndRescuesItsActivations_EveryInstanceCompletes()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        foreach (var topic in Topics)
        {
            // A short engine lock: a fetch answered to the killed silo after it died is delivered again soon.
            scenario.Topic(topic, TestWorkUnits.Slow, ("LockDuration", "00:00:05"));
        }

        var runsOnB = new ConcurrentDictionary<string, int>();
        scenario.Scripts.AddSlow(runsOnB);
        await scenario.DeployAsync("crash", Bpmn.Chain("crash", Topics));
        var state = new ClusterState(scenario.Database);
        await using var processes = new ProcessSilos(scenario);
        var a = await processes.StartAsync("a");
        var b = await scenario.StartSiloAsync("b");
        var bId = b.Get<ISiloIdentity>().Id;
        await Eventually.TrueAsync(async () => (await state.HeldTopicsAsync(a.SiloId)).Count == 2 && (await state.HeldTopicsAsync(bId)).Count == 2,
            TimeSpan.FromSeconds(15), "the four topic leases are spread two and two", processes.Dump);

        for (var i = 0; i < Instances; i++)
        {
            await scenario.StartInstanceAsync("crash", new VariableMap { ["n"] = i });
        }

        // Kill A in full flight: work done already, and activations running on it.
        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") >= 100 && await state.CountOwnedAsync(a.SiloId, "running") >= 10,
            TimeSpan.FromSeconds(30), "100 tasks completed and A runs at least 10 activations", processes.Dump);
        var topicsOfA = await state.HeldTopicsAsync(a.SiloId);
        var killedAt = DateTimeOffset.UtcNow;
        a.Kill();
        // A is gone: what it owned can no longer change, except by a statement it sent before dying (a running
        // grain may still turn reporting, and is rescued either way).
        var runningOnA = await state.OwnedTasksAsync(a.SiloId, "running");
        topicsOfA.Count.ShouldBe(2);
        runningOnA.ShouldNotBeEmpty();

        await Eventually.TrueAsync(async () => (await state.HeldTopicsAsync(bId)).Count == Topics.Length,
            TimeSpan.FromSeconds(15), "B holds every topic lease", processes.Dump);
        var acquired = await state.AcquiredAtAsync(bId);
        var takeover = topicsOfA.Max(t => acquired[t]) - killedAt;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"B took A's topics {takeover.TotalMilliseconds:F0} ms after the kill; {runningOnA.Count} activations were running on A");
        // Usually sooner (maintenance declares A dead after DeadAfter and frees its leases at once); at the latest A's
        // last renewal, made before the kill, runs out within the lease time, and B, which asked for the lease and was
        // told how long it still ran, takes it the moment it expires.
        var lease = scenario.Timing("Bptl:Silo:LeaseDuration");
        takeover.ShouldBeLessThanOrEqualTo(lease + Scheduling, $"B took A's topics over after {takeover}");

        await Eventually.TrueAsync(async () => (await state.WithEventAsync(runningOnA, "rescued")).Count == runningOnA.Count,
            TimeSpan.FromSeconds(15), $"the {runningOnA.Count} activations running on A are rescued", processes.Dump);

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == Instances * Topics.Length,
            TimeSpan.FromSeconds(50), $"{Instances * Topics.Length} task grains completed",
            () => string.Join(", ", state.StatesAsync().GetAwaiter().GetResult()) + "\n" + processes.Dump());
        await new CompletionAudit(scenario, processes, state).EveryTaskCompletedOnceAsync("crash", Instances, Instances * Topics.Length, [a.SiloId], runsOnB);
    }
}
