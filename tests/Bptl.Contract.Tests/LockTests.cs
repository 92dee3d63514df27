using Bptl.Camunda.Errors;
using Bptl.Contract.Tests.Infrastructure;

namespace Bptl.Contract.Tests;

public sealed class LockTests(EngineFixture engine) : ContractTest(engine)
{
    [Fact]
    public async Task ExtendLock_SetsTheExpiryToNowPlusTheNewDuration()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();
        var before = DateTimeOffset.UtcNow;

        await Client.ExternalTasks.ExtendLockAsync(task.Id, Worker, TimeSpan.FromMinutes(30), Ct);

        var stored = await Client.ExternalTasks.GetAsync(task.Id, Ct);
        stored.LockExpirationTime!.Value.ShouldBeInRange(before.AddMinutes(30).AddSeconds(-5), DateTimeOffset.UtcNow.AddMinutes(30).AddSeconds(5));
    }

    [Fact]
    public async Task ExtendLock_ZeroDuration_Is400()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        (await Raw.PostAsync($"external-task/{task.Id}/extendLock", $$"""{"workerId":"{{Worker}}","newDuration":0}""", Ct))
            .Status.ShouldBe(400);
        (await Raw.PostAsync($"external-task/{task.Id}/extendLock", $$"""{"workerId":"{{Worker}}"}""", Ct))
            .ShouldBeError(400, Any, "lockTime is not greater than 0");
    }

    // The contract fixes the status and message of this row, not the exception type.
    private const string Any = "*";

    [Fact]
    public async Task ExtendLock_ByAnotherWorker_Is400WithTheDoubledQuote()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        var response = await Raw.PostAsync($"external-task/{task.Id}/extendLock", """{"workerId":"other","newDuration":1000}""", Ct);

        response.Status.ShouldBe(400);
        response.Json.GetProperty("message").GetString()!.ShouldContain(
            $"The lock of the External Task {task.Id} cannot be extended by worker 'other''. It is locked by worker '{Worker}'.");
        await Should.ThrowAsync<CamundaLockConflictException>(() => Client.ExternalTasks.ExtendLockAsync(task.Id, "other", TimeSpan.FromSeconds(1), Ct));
    }

    [Fact]
    public async Task ExtendLock_OfAnUnlockedTask_Is400()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();
        await Client.ExternalTasks.UnlockAsync(task.Id, Ct);

        await Should.ThrowAsync<CamundaLockConflictException>(() => Client.ExternalTasks.ExtendLockAsync(task.Id, Worker, TimeSpan.FromSeconds(1), Ct));
    }

    [Fact]
    public async Task ExtendLock_AfterExpiry_Is400LockExpired()
    {
        await DeployOneTaskAsync();
        await StartAsync();
        var task = await FetchOneAsync(lockDuration: TimeSpan.FromMilliseconds(300));
        await PassAsync(task.LockExpirationTime);

        var response = await Raw.PostAsync($"external-task/{task.Id}/extendLock", $$"""{"workerId":"{{Worker}}","newDuration":1000}""", Ct);

        response.Status.ShouldBe(400);
        response.Json.GetProperty("message").GetString()!.ShouldContain("Cannot extend a lock that expired");
        await Should.ThrowAsync<CamundaLockConflictException>(() => Client.ExternalTasks.ExtendLockAsync(task.Id, Worker, TimeSpan.FromSeconds(1), Ct));
    }

    [Fact]
    public async Task ExtendLock_UnknownTask_Is404() =>
        (await Raw.PostAsync($"external-task/nope-{Unique}/extendLock", """{"workerId":"w","newDuration":1000}""", Ct)).Status.ShouldBe(404);

    [Fact]
    public async Task Unlock_ClearsWorkerAndLock_WithoutAWorkerCheck()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        await Client.ExternalTasks.UnlockAsync(task.Id, Ct);
        await Client.ExternalTasks.UnlockAsync(task.Id, Ct);

        var stored = await Client.ExternalTasks.GetAsync(task.Id, Ct);
        stored.WorkerId.ShouldBeNull();
        stored.LockExpirationTime.ShouldBeNull();
        (await FetchOneAsync(worker: "other-" + Unique)).Id.ShouldBe(task.Id);
    }

    [Fact]
    public async Task Unlock_UnknownTask_Is404() =>
        (await Raw.PostAsync($"external-task/nope-{Unique}/unlock", "", Ct)).ShouldBeError(404, "RestException", "does not exist");

    [Fact]
    public async Task Lock_UnlockedTask_LocksItForTheWorker()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();
        await Client.ExternalTasks.UnlockAsync(task.Id, Ct);

        await Client.ExternalTasks.LockAsync(task.Id, "locker", TimeSpan.FromMinutes(1), Ct);

        (await Client.ExternalTasks.GetAsync(task.Id, Ct)).WorkerId.ShouldBe("locker");
        await Client.ExternalTasks.LockAsync(task.Id, "locker", TimeSpan.FromMinutes(2), Ct);
    }

    [Fact]
    public async Task Lock_HeldByAnotherWorker_Is400()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        await Should.ThrowAsync<CamundaBadRequestException>(() => Client.ExternalTasks.LockAsync(task.Id, "other", TimeSpan.FromMinutes(1), Ct));
        (await Raw.PostAsync($"external-task/{task.Id}/lock", $$"""{"workerId":"{{Worker}}","lockDuration":0}""", Ct)).Status.ShouldBe(400);
        (await Raw.PostAsync($"external-task/nope-{Unique}/lock", """{"workerId":"w","lockDuration":1000}""", Ct)).Status.ShouldBe(404);
    }
}
