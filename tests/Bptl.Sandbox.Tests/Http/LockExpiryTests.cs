using Bptl.Sandbox.Tests.Support;

namespace Bptl.Sandbox.Tests.Http;

/// <summary>Lock and retry-timeout semantics on a manual clock.</summary>
public sealed class LockExpiryTests(ManualClockFixture fixture) : IClassFixture<ManualClockFixture>
{
    private SandboxClient Client => fixture.Client;

    private async Task<(string TaskId, string Topic)> LockedTaskAsync(string worker, long lockDuration)
    {
        var key = Models.Unique("lock");
        var topic = "topic-" + key;
        await Client.DeployOkAsync(Models.OneTask(key, topic));
        await Client.StartAsync(key);
        var task = (await Client.FetchAsync(worker, topic, 1, lockDuration)).ShouldHaveSingleItem();
        return (task.Str("id"), topic);
    }

    [Fact]
    public async Task Complete_AfterLockExpiredByOriginalWorker_Succeeds()
    {
        var (id, _) = await LockedTaskAsync("w", 1_000);
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));

        (await Client.CompleteAsync(id, "w")).ShouldBeStatus(204);
    }

    [Fact]
    public async Task Complete_AfterExpiredLockWasReclaimed_Returns400ForTheOldWorker()
    {
        var (id, topic) = await LockedTaskAsync("old", 1_000);
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        (await Client.FetchOneAsync("new", topic)).Str("id").ShouldBe(id);

        (await Client.CompleteAsync(id, "old")).ShouldBeError(400, "RestException",
            $"External Task {id} cannot be completed by worker 'old'. It is locked by worker 'new'.", 0);
    }

    [Fact]
    public async Task ExtendLock_AfterExpiry_Returns400WithNowMillis()
    {
        var (id, _) = await LockedTaskAsync("w", 1_000);
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        var now = fixture.Clock.GetUtcNow().ToUnixTimeMilliseconds();

        (await Client.PostAsync($"external-task/{id}/extendLock", """{"workerId":"w","newDuration":1000}""")).ShouldBeError(400, "RestException",
            "Cannot extend a lock that expired: lockExpirationTime is not greater than or equal to " + now, 0);
    }

    [Fact]
    public async Task ExtendLock_SetsExpiryFromNowNotFromTheOldExpiry()
    {
        var (id, _) = await LockedTaskAsync("w", 60_000);
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        var expected = fixture.Clock.GetUtcNow().AddSeconds(5);

        (await Client.PostAsync($"external-task/{id}/extendLock", """{"workerId":"w","newDuration":5000}""")).ShouldBeStatus(204);

        (await Client.GetAsync("external-task/" + id)).Json.Str("lockExpirationTime").ShouldBe(expected.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + "+0000");
    }

    [Fact]
    public async Task Failure_WithRetryTimeout_KeepsWorkerAndHidesTaskUntilTimeout()
    {
        var (id, topic) = await LockedTaskAsync("w", 60_000);

        (await Client.PostAsync($"external-task/{id}/failure", """{"workerId":"w","errorMessage":"later","retries":2,"retryTimeout":30000}""")).ShouldBeStatus(204);

        var task = (await Client.GetAsync("external-task/" + id)).Json;
        task.Str("workerId").ShouldBe("w");
        task.GetProperty("retries").GetInt32().ShouldBe(2);
        (await Client.FetchAsync("other", topic)).ShouldBeEmpty();
        fixture.Clock.Advance(TimeSpan.FromSeconds(31));
        var refetched = await Client.FetchOneAsync("other", topic);
        refetched.Str("errorMessage").ShouldBe("later");
        refetched.GetProperty("retries").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task FetchAndLock_ExpiredLock_IsFetchableAgain()
    {
        var (id, topic) = await LockedTaskAsync("w", 1_000);
        (await Client.FetchAsync("w2", topic)).ShouldBeEmpty();

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));

        (await Client.FetchOneAsync("w2", topic)).Str("id").ShouldBe(id);
    }
}
