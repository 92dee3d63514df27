using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Retries;
using Bptl.Grains.Topics;
using Bptl.Silo.Claims;
using Bptl.Silo.Leases;
using Bptl.Storage.Silos;

namespace Bptl.Silo.Tests.Unit;

public sealed class AssignmentTests
{
    private static TopicSettings Topic(string name, string workUnit = "w", string? group = null, bool enabled = true) => new()
    {
        Key = new TopicKey("default", name),
        WorkUnit = workUnit,
        SiloGroup = group,
        Enabled = enabled,
        LockDuration = TimeSpan.FromMinutes(1),
        MaxTasksPerFetch = 10,
        Concurrency = 5,
        Retry = RetryPolicy.Default,
    };

    private static LiveSilo Silo(int n, string group = "default", string[]? units = null, string[]? topics = null, int free = 10) => new()
    {
        SiloId = new Guid(n, 0, 0, new byte[8]),
        Name = "s" + n,
        SiloGroup = group,
        WorkUnits = units ?? ["w"],
        Topics = topics,
        FreeSlots = free,
        MaxConcurrency = 10,
    };

    [Fact]
    public void Assign_SpreadsTopicsEvenly()
    {
        var topics = Enumerable.Range(1, 20).Select(i => Topic("t" + i)).ToList();
        var silos = new[] { Silo(1), Silo(2), Silo(3) };

        var owners = LeaseAssignment.Assign(topics, silos).Owners;

        owners.Count.ShouldBe(20);
        owners.GroupBy(o => o.Value).Select(g => g.Count()).OrderBy(c => c).ShouldBe([6, 7, 7]);
    }

    [Fact]
    public void Assign_IsTheSameWhateverTheOrderOfItsInputs()
    {
        var topics = Enumerable.Range(1, 9).Select(i => Topic("t" + i)).ToList();
        var silos = new[] { Silo(1), Silo(2) };

        var first = LeaseAssignment.Assign(topics, silos).Owners;
        var second = LeaseAssignment.Assign(Enumerable.Reverse(topics), [.. Enumerable.Reverse(silos)]).Owners;

        second.ShouldBe(first, ignoreOrder: true);
    }

    [Fact]
    public void Assign_HonoursGroupsWorkUnitsAndRestrictions_AndReportsOrphans()
    {
        var topics = new[] { Topic("heavy", group: "big"), Topic("pdf", workUnit: "render"), Topic("open"), Topic("ghost", workUnit: "none"), Topic("off", enabled: false) };
        var silos = new[] { Silo(1, topics: ["open"]), Silo(2, group: "big", units: ["w", "render"]) };

        var result = LeaseAssignment.Assign(topics, silos);

        result.Owners[new TopicKey("default", "heavy")].ShouldBe(silos[1].SiloId);
        result.Owners[new TopicKey("default", "pdf")].ShouldBe(silos[1].SiloId);
        result.Owners[new TopicKey("default", "open")].ShouldBe(silos[0].SiloId);
        result.Owners.ContainsKey(new TopicKey("default", "off")).ShouldBeFalse();
        result.Orphans.Select(o => o.Key.Topic).ShouldBe(["ghost"]);
    }

    [Theory]
    [InlineData(4, 0, 0, 10, 4)]
    [InlineData(0, 7, 2, 10, 5)]
    [InlineData(3, 7, 0, 5, 5)]
    [InlineData(0, 3, 5, 10, 0)]
    public void Plan_AsksForLocalSlotsPlusOtherSilosSpare(int reserved, int remoteFree, long backlog, int maxPerFetch, int expected) =>
        FetchCapacity.Plan(reserved, remoteFree, backlog, maxPerFetch).MaxTasks.ShouldBe(expected);

    [Theory]
    [InlineData(32, 1, 32)]
    [InlineData(32, 20, 1)]
    [InlineData(30, 4, 7)]
    [InlineData(0, 3, 0)]
    public void LocalShare_SplitsFreeSlotsBetweenThePollersOfASilo(int free, int pollers, int expected) =>
        FetchCapacity.LocalShare(free, pollers).ShouldBe(expected);

    [Fact]
    public void SlotPool_KeepsTheTotalAndEachTopicsLimit()
    {
        var pool = new SlotPool(10);
        var a = new TopicKey("default", "a");
        var b = new TopicKey("default", "b");

        pool.Reserve(a, topicLimit: 4, wanted: 6).ShouldBe(4);
        pool.Reserve(b, topicLimit: 10, wanted: 10).ShouldBe(6);
        pool.Reserve(a, topicLimit: 4, wanted: 1).ShouldBe(0);
        pool.Release(a, 2);
        pool.FreeFor(a, 4).ShouldBe(2);
        pool.Free.ShouldBe(2);
    }

    [Fact]
    public void RemoteFree_CountsOnlyEligibleOtherSilosWithinTheTopicLimit()
    {
        var view = new ClusterView();
        view.Update([Silo(1, free: 10), Silo(2, free: 3), Silo(3, group: "other", free: 10), Silo(4, units: ["x"], free: 10)],
            new Dictionary<(string, string), long> { [("default", "t")] = 4 });

        view.RemoteFree(Topic("t", group: null), Silo(1).SiloId).ShouldBe(3 + 5);
        view.Backlog(new TopicKey("default", "t")).ShouldBe(4);
    }
}
