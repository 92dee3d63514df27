using Bptl.Camunda.Errors;
using Bptl.Camunda.ExternalTasks;
using Bptl.Camunda.ProcessDefinitions;
using Bptl.Camunda.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Bptl.Camunda.Tests.Http;

public sealed class ResilienceTests : IAsyncLifetime
{
    private const string NotFound = """{"type":"RestException","message":"External task with id t1 does not exist","code":0}""";
    private FakePeer _peer = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _peer = await FakePeer.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _peer.DisposeAsync();

    [Fact]
    public async Task RetriedComplete_That404sAfterAnUnansweredAttempt_SaysTheFirstMayHaveSucceeded()
    {
        using var client = Clients.For(_peer.EngineAddress);
        _peer.AnswerInTurn((503, null), (404, NotFound));

        var error = await Should.ThrowAsync<CamundaNotFoundException>(
            () => client.ExternalTasks.CompleteAsync("t1", new CompleteExternalTask { WorkerId = "w" }, Ct));

        error.EarlierAttemptMayHaveSucceeded.ShouldBeTrue();
        error.Details.Attempts.ShouldBe(2);
        _peer.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Complete_That404sAtOnce_SaysTheTaskWasAlreadyGone()
    {
        using var client = Clients.For(_peer.EngineAddress);
        _peer.Answer(404, NotFound);

        var error = await Should.ThrowAsync<CamundaNotFoundException>(
            () => client.ExternalTasks.CompleteAsync("t1", new CompleteExternalTask { WorkerId = "w" }, Ct));

        error.EarlierAttemptMayHaveSucceeded.ShouldBeFalse();
        _peer.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task IdempotentCall_IsRetriedAfterATimeout()
    {
        using var client = Clients.For(_peer.EngineAddress, o => o.RequestTimeout = TimeSpan.FromMilliseconds(200));
        var calls = 0;
        _peer.Handle(async ctx =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
            }

            ctx.Response.StatusCode = 204;
        });

        await client.ExternalTasks.ExtendLockAsync("t1", "w", TimeSpan.FromSeconds(10), Ct);

        calls.ShouldBe(2);
    }

    [Fact]
    public async Task StartProcess_IsNotRetriedAfterAnAmbiguousFailure()
    {
        using var client = Clients.For(_peer.EngineAddress);
        _peer.Answer(503);

        await Should.ThrowAsync<CamundaTransientException>(() => client.ProcessDefinitions.StartByKeyAsync("p", null, null, Ct));

        _peer.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task StartProcess_IsRetriedWhenTheEngineRolledBack()
    {
        using var client = Clients.For(_peer.EngineAddress);
        _peer.AnswerInTurn(
            (500, """{"type":"OptimisticLockingException","message":"ENGINE-03005 conflict","code":1}"""),
            (200, """{"id":"pi1","definitionId":"p:1:x","ended":false,"suspended":false,"links":[]}"""));

        var instance = await client.ProcessDefinitions.StartByKeyAsync("p", new StartProcessInstance { BusinessKey = "b" }, null, Ct);

        instance.Id.ShouldBe("pi1");
        _peer.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task FetchAndLock_IsNotRetriedAfterAnAmbiguousFailure()
    {
        using var client = Clients.For(_peer.EngineAddress);
        _peer.Answer(502);

        await Should.ThrowAsync<CamundaTransientException>(() => client.ExternalTasks.FetchAndLockAsync(Fetch(null), Ct));

        _peer.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ClientErrors_AreNeverRetried()
    {
        using var client = Clients.For(_peer.EngineAddress);
        _peer.Answer(400, """{"type":"RestException","message":"bad","code":null}""");

        await Should.ThrowAsync<CamundaBadRequestException>(() => client.ExternalTasks.UnlockAsync("t1", Ct));

        _peer.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task LongPoll_HttpTimeoutExceedsAsyncResponseTimeout()
    {
        using var client = Clients.For(_peer.EngineAddress, o => o.RequestTimeout = TimeSpan.FromMilliseconds(100));
        _peer.Handle(async ctx =>
        {
            // Hold the request like a long poll that finds nothing, for longer than RequestTimeout.
            await Task.Delay(TimeSpan.FromMilliseconds(600), ctx.RequestAborted);
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("[]", ctx.RequestAborted);
        });

        var tasks = await client.ExternalTasks.FetchAndLockAsync(Fetch(TimeSpan.FromMilliseconds(600)), Ct);

        tasks.ShouldBeEmpty();
        _peer.Requests.Single().Body.ShouldContain("\"asyncResponseTimeout\":600");
    }

    [Fact]
    public async Task LongPoll_Cancelled_AbortsAtOnce()
    {
        using var client = Clients.For(_peer.EngineAddress);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _peer.Handle(async ctx =>
        {
            ctx.RequestAborted.Register(() => aborted.TrySetResult());
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
        });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var poll = client.ExternalTasks.FetchAndLockAsync(Fetch(TimeSpan.FromMinutes(10)), cts.Token);
        await arrived.Task.WaitAsync(Ct);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => poll);
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task FetchAndLock_RefusesATimeoutAboveTheEngineLimit()
    {
        using var client = Clients.For(_peer.EngineAddress);

        await Should.ThrowAsync<ArgumentOutOfRangeException>(
            () => client.ExternalTasks.FetchAndLockAsync(Fetch(TimeSpan.FromMilliseconds(1_800_001)), Ct));

        _peer.Requests.ShouldBeEmpty();
    }

    private static FetchAndLockRequest Fetch(TimeSpan? wait) => new()
    {
        WorkerId = "w",
        MaxTasks = 1,
        AsyncResponseTimeout = wait,
        Topics = [new FetchTopic { TopicName = "t", LockDuration = TimeSpan.FromSeconds(10) }],
    };
}
