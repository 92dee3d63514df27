using System.Net.Http.Headers;
using Bptl.Sandbox.Faults;
using Bptl.Sandbox.Hosting;
using Bptl.Sandbox.Tests.Support;

namespace Bptl.Sandbox.Tests.Http;

/// <summary>Each test gets its own engine: faults and pauses are engine-wide.</summary>
public sealed class FaultInjectionTests : IAsyncLifetime
{
    private SandboxEngineHost _engine = null!;
    private SandboxClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _engine = await SandboxEngineHost.StartAsync(new SandboxOptions(), Ct);
        _client = new SandboxClient(_engine.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _engine.DisposeAsync();
    }

    private async Task<string> LockedTaskAsync(string topic = "t")
    {
        var key = Models.Unique("fault");
        await _client.DeployOkAsync(Models.OneTask(key, topic));
        await _client.StartAsync(key);
        return (await _client.FetchOneAsync("w", topic)).Str("id");
    }

    [Fact]
    public async Task FailNext_FailsExactlyThatManyCallsWithACamundaBody()
    {
        var id = await LockedTaskAsync();
        _engine.Faults.FailNext(SandboxEndpoint.Complete, count: 2, statusCode: 503, type: "RestException", message: "down", code: null);

        (await _client.CompleteAsync(id, "w")).ShouldBeError(503, "RestException", "down", null);
        (await _client.CompleteAsync(id, "w")).Status.ShouldBe(503);
        (await _client.CompleteAsync(id, "w")).ShouldBeStatus(204);
        _engine.Calls[SandboxEndpoint.Complete].ShouldBe(3);
    }

    [Fact]
    public async Task DelayNext_HoldsTheCallThenHandlesIt()
    {
        var id = await LockedTaskAsync();
        _engine.Faults.DelayNext(SandboxEndpoint.Complete, TimeSpan.FromMilliseconds(300));
        var started = System.Diagnostics.Stopwatch.StartNew();

        (await _client.CompleteAsync(id, "w")).ShouldBeStatus(204);

        started.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public async Task DropNext_AbortsTheConnectionWithoutAnAnswer()
    {
        _engine.Faults.DropNext(SandboxEndpoint.FetchAndLock);

        await Should.ThrowAsync<HttpRequestException>(() => _client.PostAsync("external-task/fetchAndLock", """{"workerId":"w","maxTasks":1}"""));

        (await _client.PostAsync("external-task/fetchAndLock", """{"workerId":"w","maxTasks":1}""")).ShouldBeStatus(200);
    }

    [Fact]
    public async Task Pause_AbortsPendingPollsAndRequests_ResumeRestoresServiceWithState()
    {
        var id = await LockedTaskAsync();
        var poll = _client.PostAsync("external-task/fetchAndLock",
            """{"workerId":"p","maxTasks":1,"asyncResponseTimeout":600000,"topics":[{"topicName":"idle","lockDuration":1000}]}""");
        await _engine.WaitForPendingFetchAndLockAsync(1, Ct);

        _engine.Faults.Pause();

        await Should.ThrowAsync<HttpRequestException>(() => poll);
        await Should.ThrowAsync<HttpRequestException>(() => _client.GetAsync("version"));
        _engine.PendingFetchAndLockCount.ShouldBe(0);

        _engine.Faults.Resume();

        (await _client.GetAsync("external-task/" + id)).ShouldBeStatus(200).Json.Str("workerId").ShouldBe("w");
        (await _client.CompleteAsync(id, "w")).ShouldBeStatus(204);
    }

    [Fact]
    public async Task ControlApi_InjectsFaultsPausesAndCountsOverHttp()
    {
        using var control = new HttpClient { BaseAddress = _engine.ControlAddress };
        using var fault = new StringContent("""{"endpoint":"version","kind":"fail","count":1,"status":500,"type":"ProcessEngineException","message":"injected","code":0}""");
        fault.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        (await control.PostAsync("faults", fault, Ct)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NoContent);
        (await _client.GetAsync("version")).ShouldBeError(500, "ProcessEngineException", "injected", 0);
        (await _client.GetAsync("version")).ShouldBeStatus(200);
        (await control.GetStringAsync("calls", Ct)).ShouldContain("\"version\":2");

        (await control.PostAsync("pause", null, Ct)).EnsureSuccessStatusCode();
        (await control.GetStringAsync("status", Ct)).ShouldContain("\"paused\":true");
        await Should.ThrowAsync<HttpRequestException>(() => _client.GetAsync("version"));
        (await control.PostAsync("resume", null, Ct)).EnsureSuccessStatusCode();
        (await _client.GetAsync("version")).ShouldBeStatus(200);

        using var unknown = new StringContent("""{"endpoint":"nope","kind":"drop"}""");
        unknown.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        (await control.PostAsync("faults", unknown, Ct)).StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Calls_WaitForAsync_CompletesOnTheNthCall()
    {
        var wait = _engine.Calls.WaitForAsync(SandboxEndpoint.Version, 2, Ct);
        await _client.GetAsync("version");
        wait.IsCompleted.ShouldBeFalse();

        await _client.GetAsync("version");

        await wait.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }
}
