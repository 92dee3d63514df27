using Bptl.Camunda.ExternalTasks;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Sandbox.Faults;
using Bptl.Testing;
using Bptl.Testing.Cluster;

namespace Bptl.Silo.Tests;

public sealed class ShutdownTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GracefulShutdown_FinishesQuickWork_UnlocksTheRest_AndReleasesLeasesAtOnce()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var quickStarted = 0;
        var stuckStarted = 0;
        scenario.Topic("quick", "finishes");
        scenario.Topic("stuck", "never-finishes");
        scenario.Scripts.Add("finishes", async (_, _) =>
        {
            Interlocked.Increment(ref quickStarted);
            await Task.Delay(800, CancellationToken.None);
            return WorkUnitResult.Complete();
        });
        scenario.Scripts.Add("never-finishes", async (_, ct) =>
        {
            Interlocked.Increment(ref stuckStarted);
            await Task.Delay(Timeout.Infinite, ct);
            return WorkUnitResult.Complete();
        });
        await scenario.DeployAsync("quick", Bpmn.OneTask("quick", "quick"));
        await scenario.DeployAsync("stuck", Bpmn.OneTask("stuck", "stuck"));
        var silo = await scenario.StartSiloAsync("s1", ("Bptl:Silo:ShutdownTimeout", "00:00:02"));
        for (var i = 0; i < 5; i++)
        {
            await scenario.StartInstanceAsync("quick");
            await scenario.StartInstanceAsync("stuck");
        }

        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref quickStarted) == 5 && Volatile.Read(ref stuckStarted) == 5),
            TimeSpan.FromSeconds(20), "all ten work units run", scenario.Dump);
        await silo.StopAsync(Ct);

        // Leases are released by the stop itself, not left to expire.
        (await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_topic_lease WHERE owner IS NOT NULL")).ShouldBe(0);
        (await scenario.ScalarAsync<string>("SELECT status FROM bptl_silo")).ShouldBe("stopped");
        (await scenario.CountTasksAsync("completed")).ShouldBe(5);
        (await scenario.CountTasksAsync("released")).ShouldBe(5);
        scenario.Engine.Calls[SandboxEndpoint.Unlock].ShouldBe(5);
        var stuckTasks = await scenario.Client.ExternalTasks.ListAsync(new ExternalTaskQuery { TopicName = "stuck" }, cancellationToken: Ct);
        stuckTasks.Count.ShouldBe(5);
        stuckTasks.ShouldAllBe(t => t.WorkerId == null && t.LockExpirationTime == null);
    }

    [Fact]
    public async Task ReleasedTasks_AreFetchedAgainByTheNextSilo()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var hold = true;
        scenario.Topic("handover", "holds-then-completes");
        scenario.Scripts.Add("holds-then-completes", async (_, ct) =>
        {
            if (Volatile.Read(ref hold))
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return WorkUnitResult.Complete();
        });
        await scenario.DeployAsync("handover", Bpmn.OneTask("handover", "handover"));
        var first = await scenario.StartSiloAsync("first", ("Bptl:Silo:ShutdownTimeout", "00:00:01"));
        await scenario.StartInstanceAsync("handover");
        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("running") == 1, TimeSpan.FromSeconds(20), "the task runs", scenario.Dump);

        await first.StopAsync(Ct);
        Volatile.Write(ref hold, false);
        await scenario.StartSiloAsync("second");

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(20),
            "the next silo completes the handed-back task", scenario.Dump);
        (await scenario.ScalarAsync<int>("SELECT delivery FROM bptl_task")).ShouldBe(2);
    }
}
