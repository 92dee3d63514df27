using System.Diagnostics;
using Bptl.Camunda.ExternalTasks;
using Bptl.Contract.Tests.Infrastructure;

namespace Bptl.Contract.Tests;

[CollectionDefinition(nameof(LongPollingTests), DisableParallelization = true)]
public sealed class LongPollingCollection;

/// <summary>Timing-sensitive: runs alone so other tests do not steal the two cores.</summary>
[Collection(nameof(LongPollingTests))]
public sealed class LongPollingTests(EngineFixture engine) : ContractTest(engine)
{
    [Fact]
    public async Task LongPoll_TaskCreatedMidPoll_AnswersWithin100Milliseconds()
    {
        await DeployOneTaskAsync();
        // Warm the start path so the measurement is of the poll, not of a first start.
        await StartAsync();
        await FetchOneAsync();
        var poll = FetchAsync(wait: TimeSpan.FromSeconds(20));
        await PollsPendingAsync(1);
        poll.IsCompleted.ShouldBeFalse();

        await StartAsync();
        var started = Stopwatch.StartNew();
        var tasks = await poll;

        tasks.Count.ShouldBe(1);
        started.ElapsedMilliseconds.ShouldBeLessThan(100);
    }

    [Fact]
    public async Task LongPoll_NothingArrives_AnswersEmptyAfterTheTimeout()
    {
        await DeployOneTaskAsync();
        var started = Stopwatch.StartNew();

        var tasks = await FetchAsync(wait: TimeSpan.FromMilliseconds(700));

        tasks.ShouldBeEmpty();
        started.ElapsedMilliseconds.ShouldBeGreaterThanOrEqualTo(650);
        started.ElapsedMilliseconds.ShouldBeLessThan(5_000);
    }

    [Fact]
    public async Task LongPoll_TaskAvailable_AnswersAtOnceWithoutFillingMaxTasks()
    {
        await DeployOneTaskAsync();
        await StartAsync();
        var started = Stopwatch.StartNew();

        var tasks = await FetchAsync(maxTasks: 5, wait: TimeSpan.FromSeconds(20));

        tasks.Count.ShouldBe(1);
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task LongPoll_TaskUnlockedMidPoll_IsHandedToTheWaitingWorker()
    {
        await DeployOneTaskAsync();
        await StartAsync();
        var held = await FetchOneAsync(worker: "holder-" + Unique);
        var poll = FetchAsync(wait: TimeSpan.FromSeconds(20));
        await PollsPendingAsync(1);
        poll.IsCompleted.ShouldBeFalse();

        await Client.ExternalTasks.UnlockAsync(held.Id, Ct);
        var started = Stopwatch.StartNew();
        var tasks = await poll;

        tasks.ShouldHaveSingleItem().Id.ShouldBe(held.Id);
        tasks[0].WorkerId.ShouldBe(Worker);
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task LongPoll_ZeroTimeout_AnswersAtOnce()
    {
        await DeployOneTaskAsync();
        var started = Stopwatch.StartNew();

        var tasks = await Client.ExternalTasks.FetchAndLockAsync(new FetchAndLockRequest
        {
            WorkerId = Worker,
            MaxTasks = 1,
            AsyncResponseTimeout = TimeSpan.Zero,
            Topics = [new FetchTopic { TopicName = Topic, LockDuration = TimeSpan.FromSeconds(10) }],
        }, Ct);

        tasks.ShouldBeEmpty();
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task LongPoll_WaitersAreServedInArrivalOrder()
    {
        await DeployOneTaskAsync();
        var first = FetchAsync(worker: "first-" + Unique, wait: TimeSpan.FromSeconds(20), maxTasks: 1);
        await PollsPendingAsync(1);
        var second = FetchAsync(worker: "second-" + Unique, wait: TimeSpan.FromSeconds(3), maxTasks: 1);
        await PollsPendingAsync(2);

        await StartAsync();

        (await first).ShouldHaveSingleItem();
        (await second).ShouldBeEmpty();
    }
}
