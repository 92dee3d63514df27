using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Silo.Maintenance;
using Bptl.Testing;
using Bptl.Testing.Cluster;

namespace Bptl.Silo.Tests;

public sealed class MaintenanceTests(PostgresFixture postgres)
{
    [Fact]
    public async Task FinishedGrains_ArePrunedWithTheirTimelineAfterTheRetention()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("short-lived", "works");
        scenario.Scripts.Add("works", _ => WorkUnitResult.Complete());
        await scenario.DeployAsync("short-lived", Bpmn.OneTask("short-lived", "short-lived"));
        await scenario.StartSiloAsync("s1", ("Bptl:Silo:Retention", "00:00:02"));
        for (var i = 0; i < 5; i++)
        {
            await scenario.StartInstanceAsync("short-lived");
        }

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 5, TimeSpan.FromSeconds(20), "the tasks complete", scenario.Dump);
        (await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_task_event")).ShouldBeGreaterThan(0);

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync() == 0, TimeSpan.FromSeconds(20), "the finished grains are pruned", scenario.Dump);
        (await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_task_event")).ShouldBe(0);
    }

    [Theory]
    [InlineData(7 * 24 * 3600, 10, 60)]
    [InlineData(2, 0.3, 1)]
    [InlineData(0.2, 0.3, 0.3)]
    public void PruneEvery_FollowsTheRetentionWithinBounds(double retentionSeconds, double intervalSeconds, double expectedSeconds) =>
        MaintenanceLoop.PruneEvery(TimeSpan.FromSeconds(retentionSeconds), TimeSpan.FromSeconds(intervalSeconds)).ShouldBe(TimeSpan.FromSeconds(expectedSeconds));
}
