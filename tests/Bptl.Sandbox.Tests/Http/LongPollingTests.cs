using Bptl.Sandbox.Hosting;
using Bptl.Sandbox.Tests.Support;

namespace Bptl.Sandbox.Tests.Http;

public sealed class LongPollingTests(ManualClockFixture fixture) : IClassFixture<ManualClockFixture>
{
    private SandboxClient Client => fixture.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Poll(string worker, string topic, long timeout, int maxTasks = 1) =>
        $$"""{"workerId":"{{worker}}","maxTasks":{{maxTasks}},"asyncResponseTimeout":{{timeout}},"topics":[{"topicName":"{{topic}}","lockDuration":60000}]}""";

    private async Task<(string Key, string Topic)> DeployAsync()
    {
        var key = Models.Unique("poll");
        var topic = "topic-" + key;
        await Client.DeployOkAsync(Models.OneTask(key, topic));
        return (key, topic);
    }

    [Fact]
    public async Task FetchAndLock_Pending_AnswersAsSoonAsATaskIsCreated()
    {
        var (key, topic) = await DeployAsync();
        var poll = Client.PostAsync("external-task/fetchAndLock", Poll("w", topic, 600_000, maxTasks: 5));
        await fixture.Engine.WaitForPendingFetchAndLockAsync(1, Ct);

        var instanceId = await Client.StartAsync(key);

        var reply = await poll.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        reply.ShouldBeStatus(200).Json.EnumerateArray().ShouldHaveSingleItem().Str("processInstanceId").ShouldBe(instanceId);
    }

    [Fact]
    public async Task FetchAndLock_TaskAvailable_AnswersAtOnceWithoutFillingMaxTasks()
    {
        var (key, topic) = await DeployAsync();
        await Client.StartAsync(key);

        var reply = await Client.PostAsync("external-task/fetchAndLock", Poll("w", topic, 1_800_000, maxTasks: 50)).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        reply.Json.GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task FetchAndLock_Timeout_Answers200EmptyArray()
    {
        var (_, topic) = await DeployAsync();
        var poll = Client.PostAsync("external-task/fetchAndLock", Poll("w", topic, 5_000));
        await fixture.Engine.WaitForPendingFetchAndLockAsync(1, Ct);

        fixture.Clock.Advance(TimeSpan.FromSeconds(5));

        var reply = await poll.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        (reply.Status, reply.Body).ShouldBe((200, "[]"));
    }

    [Fact]
    public async Task FetchAndLock_Pending_IsServedWhenALockExpires()
    {
        var (key, topic) = await DeployAsync();
        await Client.StartAsync(key);
        await Client.FetchAsync("first", topic, 1, lockDuration: 2_000);
        var poll = Client.PostAsync("external-task/fetchAndLock", Poll("second", topic, 600_000));
        await fixture.Engine.WaitForPendingFetchAndLockAsync(1, Ct);

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));

        var reply = await poll.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        reply.Json[0].Str("workerId").ShouldBe("second");
    }

    [Fact]
    public async Task FetchAndLock_Pending_IsServedOnUnlock()
    {
        var (key, topic) = await DeployAsync();
        await Client.StartAsync(key);
        var id = (await Client.FetchOneAsync("first", topic)).Str("id");
        var poll = Client.PostAsync("external-task/fetchAndLock", Poll("second", topic, 600_000));
        await fixture.Engine.WaitForPendingFetchAndLockAsync(1, Ct);

        await Client.PostAsync($"external-task/{id}/unlock", "");

        (await poll.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Json[0].Str("id").ShouldBe(id);
    }

    [Fact]
    public async Task FetchAndLock_PendingRequests_AreServedInArrivalOrder()
    {
        var (key, topic) = await DeployAsync();
        var first = Client.PostAsync("external-task/fetchAndLock", Poll("first", topic, 600_000));
        await fixture.Engine.WaitForPendingFetchAndLockAsync(1, Ct);
        var second = Client.PostAsync("external-task/fetchAndLock", Poll("second", topic, 600_000));
        await fixture.Engine.WaitForPendingFetchAndLockAsync(2, Ct);

        await Client.StartAsync(key);
        (await first.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Json[0].Str("workerId").ShouldBe("first");
        second.IsCompleted.ShouldBeFalse();

        await Client.StartAsync(key);
        (await second.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Json[0].Str("workerId").ShouldBe("second");
    }

    [Fact]
    public async Task FetchAndLock_ClientDisconnects_RequestLeavesTheQueue()
    {
        var (key, topic) = await DeployAsync();
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var before = fixture.Engine.PendingFetchAndLockCount;
        var poll = Client.PostAsync("external-task/fetchAndLock", Poll("gone", topic, 600_000), abandon.Token);
        await fixture.Engine.WaitForPendingFetchAndLockAsync(before + 1, Ct);

        await abandon.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => poll);
        await fixture.Engine.WaitForPendingFetchAndLockAsync(count => count == before, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        await Client.StartAsync(key);
        (await Client.FetchOneAsync("present", topic)).Str("workerId").ShouldBe("present");
    }

    [Fact]
    public async Task FetchAndLock_QueueFull_Returns500()
    {
        await using var engine = await SandboxEngineHost.StartAsync(new SandboxOptions { FetchAndLockQueueCapacity = 2 }, Ct);
        using var client = new SandboxClient(engine.BaseAddress);
        var waiting = new[]
        {
            client.PostAsync("external-task/fetchAndLock", Poll("a", "none", 600_000)),
            client.PostAsync("external-task/fetchAndLock", Poll("b", "none", 600_000)),
        };
        await engine.WaitForPendingFetchAndLockAsync(2, Ct);

        var reply = await client.PostAsync("external-task/fetchAndLock", Poll("c", "none", 600_000));

        reply.ShouldBeError(500, "InvalidRequestException",
            "At the moment the server has to handle too many requests at the same time. Please try again later.", null);
        await engine.StopAsync(Ct);
        foreach (var pending in waiting)
        {
            (await pending).Status.ShouldBe(500);
        }
    }

    [Fact]
    public async Task Shutdown_PendingRequests_Get500RestException()
    {
        var engine = await SandboxEngineHost.StartAsync(new SandboxOptions(), Ct);
        using var client = new SandboxClient(engine.BaseAddress);
        var poll = client.PostAsync("external-task/fetchAndLock", Poll("w", "none", 600_000));
        await engine.WaitForPendingFetchAndLockAsync(1, Ct);

        await engine.DisposeAsync();

        (await poll.WaitAsync(TimeSpan.FromSeconds(10), Ct))
            .ShouldBeError(500, "RestException", "Request rejected due to shutdown of application server.", null);
    }

    [Fact]
    public async Task FetchAndLock_NullTimeout_AnswersEmptyAtOnce()
    {
        var (_, topic) = await DeployAsync();

        var reply = await Client.PostAsync("external-task/fetchAndLock", $$"""{"workerId":"w","maxTasks":1,"asyncResponseTimeout":null,"topics":[{"topicName":"{{topic}}","lockDuration":1000}]}""");

        reply.Body.ShouldBe("[]");
    }
}
