using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Tasks;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Microsoft.Extensions.Logging;

namespace Bptl.Silo.Tests;

public sealed class RejoinTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ASiloDeclaredDeadWhileAlive_RejoinsUnderANewIdentity_AndKeepsWorking()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("steady", "works");
        scenario.Scripts.Add("works", _ => WorkUnitResult.Complete());
        await scenario.DeployAsync("steady", Bpmn.OneTask("steady", "steady"));
        var silo = await scenario.StartSiloAsync("s1");
        var before = silo.Get<ISiloIdentity>().Id;
        await scenario.StartInstanceAsync("steady");
        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(20), "work runs", scenario.Dump);

        // What the maintenance does to a silo that stayed silent too long (here: while it was really alive).
        await scenario.ScalarAsync<int>("WITH d AS (UPDATE bptl_silo SET status = 'dead' RETURNING 1) SELECT count(*)::int FROM d");
        await scenario.ScalarAsync<int>("WITH f AS (UPDATE bptl_topic_lease SET owner = NULL, expires_at = now() RETURNING 1) SELECT count(*)::int FROM f");

        await Eventually.TrueAsync(() => Task.FromResult(silo.Get<ISiloIdentity>().Id != before), TimeSpan.FromSeconds(10), "the silo rejoins", scenario.Dump);
        // The new identity is visible a moment before the rejoin is logged.
        await Eventually.TrueAsync(() => Task.FromResult(silo.Logs.Contains(LogLevel.Warning, "Rejoined the cluster")), TimeSpan.FromSeconds(10),
            "the rejoin is logged", scenario.Dump);
        await scenario.StartInstanceAsync("steady");
        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 2, TimeSpan.FromSeconds(20),
            "the rejoined silo keeps working", scenario.Dump);
        (await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_silo WHERE status = 'active'")).ShouldBe(1);
        (await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_silo WHERE status = 'dead'")).ShouldBe(1);
    }
}
