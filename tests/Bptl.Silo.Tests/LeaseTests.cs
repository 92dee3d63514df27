using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Tasks;
using Bptl.Silo.Leases;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace Bptl.Silo.Tests;

public sealed class LeaseTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int Held(SiloHarness silo) => silo.Get<LeaseManager>().HeldTopics.Count;

    [Fact]
    public async Task Leases_SpreadFairly_AndRebalanceWhenSilosJoinAndLeave()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        foreach (var topic in new[] { "t1", "t2", "t3", "t4" })
        {
            scenario.Topic(topic, "works");
        }

        scenario.Scripts.Add("works", _ => WorkUnitResult.Complete());
        var a = await scenario.StartSiloAsync("a");
        await Eventually.TrueAsync(() => Task.FromResult(Held(a) == 4), TimeSpan.FromSeconds(10), "one silo holds every topic", scenario.Dump);

        var b = await scenario.StartSiloAsync("b");
        await Eventually.TrueAsync(() => Task.FromResult(Held(a) == 2 && Held(b) == 2), TimeSpan.FromSeconds(10), "two silos split 2/2", scenario.Dump);

        var c = await scenario.StartSiloAsync("c");
        await Eventually.TrueAsync(() => Task.FromResult(Held(a) + Held(b) + Held(c) == 4 && new[] { Held(a), Held(b), Held(c) }.Max() == 2 && Held(c) >= 1),
            TimeSpan.FromSeconds(10), "three silos split 2/1/1", scenario.Dump);

        await a.StopAsync(Ct);
        await Eventually.TrueAsync(() => Task.FromResult(Held(b) == 2 && Held(c) == 2), TimeSpan.FromSeconds(10),
            "the remaining silos take the stopped silo's topics", scenario.Dump);
        (await scenario.ScalarAsync<long>("SELECT count(DISTINCT owner) FROM bptl_topic_lease WHERE expires_at > now()")).ShouldBe(2);
    }

    [Fact]
    public async Task SiloGroupsAndTopicRestrictions_DecideWhereTopicsRun()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("heavy", "works", ("SiloGroup", "big"));
        scenario.Topic("light", "works");
        scenario.Topic("secret", "works");
        var ranOn = new System.Collections.Concurrent.ConcurrentBag<(string Topic, string Silo)>();
        scenario.Scripts.Add("works", ctx =>
        {
            ranOn.Add((ctx.Topic, ctx.ServiceProvider.GetRequiredService<ISiloIdentity>().Name));
            return WorkUnitResult.Complete();
        });
        foreach (var topic in new[] { "heavy", "light", "secret" })
        {
            await scenario.DeployAsync(topic, Bpmn.OneTask(topic, topic));
        }

        var small = await scenario.StartSiloAsync("small", ("Bptl:Silo:Topics:0", "light"), ("Bptl:Silo:Topics:1", "heavy"));
        var big = await scenario.StartSiloAsync("big", ("Bptl:Silo:Group", "big"));
        for (var i = 0; i < 10; i++)
        {
            await scenario.StartInstanceAsync("heavy");
            await scenario.StartInstanceAsync("light");
            await scenario.StartInstanceAsync("secret");
        }

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 30, TimeSpan.FromSeconds(20), "everything runs", scenario.Dump);
        ranOn.Where(r => r.Topic == "heavy").ShouldAllBe(r => r.Silo == "big");
        ranOn.Where(r => r.Topic == "secret").ShouldAllBe(r => r.Silo == "big");
        small.Get<LeaseManager>().HeldTopics.ShouldNotContain(new TopicKey("default", "heavy"));
        small.Get<LeaseManager>().HeldTopics.ShouldNotContain(new TopicKey("default", "secret"));
        big.Get<LeaseManager>().HeldTopics.ShouldContain(new TopicKey("default", "heavy"));
    }

    [Fact]
    public async Task ASiloThatLostItsLease_StopsPolling()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("contested", "works");
        scenario.Scripts.Add("works", _ => WorkUnitResult.Complete());
        var silo = await scenario.StartSiloAsync("s1");
        var key = new TopicKey("default", "contested");
        await Eventually.TrueAsync(() => Task.FromResult(silo.Get<LeaseManager>().HeldTopics.Contains(key)), TimeSpan.FromSeconds(10), "the lease is held", scenario.Dump);

        // Another silo (unknown to this one) takes the lease over with a newer epoch.
        await scenario.ScalarAsync<int>("UPDATE bptl_topic_lease SET owner = gen_random_uuid(), epoch = epoch + 1, expires_at = now() + interval '1 hour' RETURNING 1");

        await Eventually.TrueAsync(() => Task.FromResult(!silo.Get<LeaseManager>().HeldTopics.Contains(key)), TimeSpan.FromSeconds(10),
            "the silo notices and stops its poller", scenario.Dump);
        silo.Logs.Contains(Microsoft.Extensions.Logging.LogLevel.Warning, "Lost the lease of topic default/contested").ShouldBeTrue();
        var polls = scenario.Engine.Calls[Bptl.Sandbox.Faults.SandboxEndpoint.FetchAndLock];
        await scenario.Engine.WaitForPendingFetchAndLockAsync(count => count == 0, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await silo.Get<LeaseManager>().TickAsync(CancellationToken.None, Ct);
        scenario.Engine.Calls[Bptl.Sandbox.Faults.SandboxEndpoint.FetchAndLock].ShouldBe(polls);
    }
}
