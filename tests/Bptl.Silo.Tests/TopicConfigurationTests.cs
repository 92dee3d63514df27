using System.Diagnostics;
using Bptl.Camunda.ExternalTasks;
using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Silo.Leases;
using Bptl.Storage.Topics;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Bptl.Variables;

namespace Bptl.Silo.Tests;

public sealed class TopicConfigurationTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DisablingATopicAtRunTime_StopsFetchingWithinSeconds_AndEnablingResumes()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("pausable", "works");
        scenario.Scripts.Add("works", _ => WorkUnitResult.Complete());
        await scenario.DeployAsync("pausable", Bpmn.OneTask("pausable", "pausable"));
        var silo = await scenario.StartSiloAsync("s1");
        var topics = silo.Get<TopicStore>();
        var leases = silo.Get<LeaseManager>();
        var key = new TopicKey("default", "pausable");
        await Eventually.TrueAsync(() => Task.FromResult(leases.HeldTopics.Contains(key)), TimeSpan.FromSeconds(10), "the topic is polled", scenario.Dump);

        var settings = (await topics.AllAsync(Ct)).Single();
        var watch = Stopwatch.StartNew();
        await topics.UpsertAsync(settings with { Enabled = false }, Ct);
        await Eventually.TrueAsync(() => Task.FromResult(!leases.HeldTopics.Contains(key)), TimeSpan.FromSeconds(10), "the poller stops", scenario.Dump);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));

        await scenario.StartInstanceAsync("pausable");
        await scenario.Engine.WaitForPendingFetchAndLockAsync(count => count == 0, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        (await scenario.Client.ExternalTasks.ListAsync(new ExternalTaskQuery { TopicName = "pausable" }, cancellationToken: Ct)).Single().WorkerId.ShouldBeNull();

        await topics.UpsertAsync(settings with { Enabled = true }, Ct);
        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(10),
            "the re-enabled topic is fetched again", scenario.Dump);
    }

    [Fact]
    public async Task TopicAddedAndRemappedAtRunTime_IsPickedUpWithoutARestart()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Scripts.Add("first", _ => WorkUnitResult.Complete(new VariableMap { ["by"] = "first" }));
        scenario.Scripts.Add("second", _ => WorkUnitResult.Complete(new VariableMap { ["by"] = "second" }));
        await scenario.DeployAsync("late", Bpmn.OneTask("late", "late"));
        var silo = await scenario.StartSiloAsync("s1");
        var topics = silo.Get<TopicStore>();
        var registry = silo.Get<Bptl.Silo.Topics.TopicRegistry>();
        var key = new TopicKey("default", "late");
        var template = new Bptl.Grains.Topics.TopicSettings
        {
            Key = key,
            WorkUnit = "first",
            LockDuration = TimeSpan.FromSeconds(30),
            MaxTasksPerFetch = 10,
            Concurrency = 10,
            Retry = Bptl.Grains.Retries.RetryPolicy.Default,
        };
        var before = await scenario.StartInstanceAsync("late");

        await topics.UpsertAsync(template, Ct);
        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(10),
            "the new topic is polled", scenario.Dump);
        await topics.UpsertAsync(template with { WorkUnit = "second" }, Ct);
        await Eventually.TrueAsync(() => Task.FromResult(registry.Get(key)?.WorkUnit == "second"), TimeSpan.FromSeconds(5),
            "the silo sees the new mapping", scenario.Dump);
        var after = await scenario.StartInstanceAsync("late");
        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 2, TimeSpan.FromSeconds(10),
            "the remapped topic runs its new work unit", scenario.Dump);

        (await scenario.Client.History.GetProcessInstanceAsync(before.Id, Ct)).State.ShouldBe("COMPLETED");
        (await scenario.ScalarAsync<string>("SELECT string_agg(work_unit, ',' ORDER BY id) FROM bptl_task")).ShouldBe("first,second");
        (await scenario.Client.History.GetProcessInstanceAsync(after.Id, Ct)).State.ShouldBe("COMPLETED");
    }

    [Fact]
    public async Task Seeding_DoesNotOverrideWhatAdminsChanged()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("seeded", "works", ("Concurrency", "5"));
        scenario.Scripts.Add("works", _ => WorkUnitResult.Complete());
        var first = await scenario.StartSiloAsync("s1");
        var topics = first.Get<TopicStore>();
        var seeded = (await topics.AllAsync(Ct)).Single();
        seeded.Concurrency.ShouldBe(5);
        await topics.UpsertAsync(seeded with { Concurrency = 7 }, Ct);

        await scenario.StartSiloAsync("s2");

        var after = (await topics.AllAsync(Ct)).Single();
        after.Concurrency.ShouldBe(7);
        after.Revision.ShouldBe(seeded.Revision + 1);
    }
}
