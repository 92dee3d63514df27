using Bptl.Camunda.ExternalTasks;
using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Silo.Options;
using Bptl.Storage.Topics;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Microsoft.Extensions.Logging;

namespace Bptl.Silo.Tests.WorkUnits;

public sealed class OrphanTopicTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATopicWhoseWorkUnitNoSiloHas_IsReported_AndItsTasksStayInTheEngineUntouched()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("served", "present").Topic("orphan", "missing");
        scenario.Scripts.Add("present", _ => WorkUnitResult.Complete());
        await scenario.DeployAsync("served", Bpmn.OneTask("served", "served"));
        await scenario.DeployAsync("orphan", Bpmn.OneTask("orphan", "orphan"));
        var silo = await scenario.StartSiloAsync("s1");
        var topics = silo.Get<TopicStore>();
        var deadAfter = silo.Get<Microsoft.Extensions.Options.IOptions<BptlOptions>>().Value.Silo.DeadAfter;

        await scenario.StartInstanceAsync("orphan");
        await scenario.StartInstanceAsync("served");
        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(30),
            "the served topic is polled and its task completed", scenario.Dump);
        await Eventually.TrueAsync(() => Task.FromResult(silo.Logs.Contains(LogLevel.Error, "Topic default/orphan maps to work unit 'missing'")),
            TimeSpan.FromSeconds(10), "the silo reports the orphan topic", scenario.Dump);

        // Reported: in the log, and in the status the admin UI reads.
        var status = (await topics.StatusAsync(deadAfter, Ct)).ToDictionary(s => s.Key.Topic);
        status["served"].State.ShouldBe(TopicState.Polled);
        status["served"].PollerName.ShouldBe("s1");
        status["served"].Problem.ShouldBeNull();
        status["orphan"].State.ShouldBe(TopicState.NoEligibleSilo);
        status["orphan"].SilosWithWorkUnit.ShouldBe(0);
        status["orphan"].Problem.ShouldBe(
            "No live silo has work unit 'missing': nobody polls topic default/orphan, and its tasks stay in the engine untouched until a silo with that work unit joins.");

        // Untouched: never fetched, so not locked and not in the grain runtime.
        var task = (await scenario.Client.ExternalTasks.ListAsync(new ExternalTaskQuery { TopicName = "orphan" }, cancellationToken: Ct)).Single();
        task.WorkerId.ShouldBeNull();
        task.LockExpirationTime.ShouldBeNull();
        (await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_task WHERE topic = 'orphan'")).ShouldBe(0);

        // A silo with the work unit joins: the topic gets its poller and the waiting task runs.
        var late = new WorkUnitScripts().Add("missing", _ => WorkUnitResult.Complete());
        await scenario.StartSiloAsync("s2", late, null);
        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 2, TimeSpan.FromSeconds(30),
            "the orphan topic's task ran once a silo with its work unit joined", scenario.Dump);
        var after = (await topics.StatusAsync(deadAfter, Ct)).Single(s => s.Key == new TopicKey("default", "orphan"));
        after.State.ShouldBe(TopicState.Polled);
        after.PollerName.ShouldBe("s2");
    }

    [Fact]
    public async Task ATopicOfAnotherSiloGroup_IsReportedWithTheReason()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("grouped", "present", ("SiloGroup", "billing"));
        scenario.Scripts.Add("present", _ => WorkUnitResult.Complete());
        var silo = await scenario.StartSiloAsync("s1");

        var status = (await silo.Get<TopicStore>().StatusAsync(TimeSpan.FromSeconds(10), Ct)).Single();

        status.State.ShouldBe(TopicState.NoEligibleSilo);
        status.SilosWithWorkUnit.ShouldBe(1);
        status.EligibleSilos.ShouldBe(0);
        status.Problem!.ShouldContain("1 live silo(s) have work unit 'present', but none may serve topic default/grouped (it is restricted to silo group 'billing')");
    }
}
