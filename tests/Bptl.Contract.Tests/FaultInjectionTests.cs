using Bptl.Testing;
using System.Diagnostics;
using Bptl.Camunda;
using Bptl.Camunda.Deployments;
using Bptl.Camunda.Errors;
using Bptl.Camunda.ExternalTasks;
using Bptl.Camunda.ProcessDefinitions;
using Bptl.Camunda.Resilience;
using Bptl.Contract.Tests.Infrastructure;
using Bptl.Sandbox.Faults;
using Bptl.Sandbox.Hosting;

namespace Bptl.Contract.Tests;

/// <summary>
/// Sandbox only: fault injection and the client's answers to it. Each test gets a private sandbox, since faults
/// apply to every caller of an engine and the shared one serves tests running in parallel.
/// </summary>
public sealed class FaultInjectionTests(EngineFixture engine) : ContractTest(engine)
{
    private SandboxEngineHost _sandbox = null!;
    private CamundaClient _client = null!;

    public override async ValueTask InitializeAsync()
    {
        Engine.RequireSandbox("fault injection");
        _sandbox = await SandboxEngineHost.StartAsync(new SandboxOptions(), Ct);
        _client = CamundaClient.Create(new CamundaClientOptions
        {
            BaseAddress = _sandbox.BaseAddress,
            RequestTimeout = TimeSpan.FromSeconds(5),
            Retry = new CamundaRetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
        });
        await _client.Deployments.CreateAsync(new CreateDeployment { Resources = [DeploymentResource.FromText("p.bpmn", Bpmn.OneTask(Key, Topic))] }, Ct);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _client?.Dispose();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }

    private async Task<LockedExternalTask> StartAndLockAsync()
    {
        await _client.ProcessDefinitions.StartByKeyAsync(Key, null, null, Ct);
        var tasks = await _client.ExternalTasks.FetchAndLockAsync(new FetchAndLockRequest
        {
            WorkerId = Worker,
            MaxTasks = 1,
            Topics = [new FetchTopic { TopicName = Topic, LockDuration = TimeSpan.FromMinutes(1) }],
        }, Ct);
        return tasks.ShouldHaveSingleItem();
    }

    private Task CompleteOnPrivateAsync(LockedExternalTask task) =>
        _client.ExternalTasks.CompleteAsync(task.Id, new CompleteExternalTask { WorkerId = Worker }, Ct);

    [Fact]
    public async Task FailNext_WithA503_TheClientRetriesTheCompleteAndItLands()
    {
        var task = await StartAndLockAsync();
        _sandbox.Faults.FailNext(SandboxEndpoint.Complete, count: 1, statusCode: 503);

        await CompleteOnPrivateAsync(task);

        _sandbox.Calls[SandboxEndpoint.Complete].ShouldBe(2);
        await Should.ThrowAsync<CamundaNotFoundException>(() => _client.ExternalTasks.GetAsync(task.Id, Ct));
    }

    [Fact]
    public async Task FailNext_OnStart_TheClientDoesNotStartTwice()
    {
        _sandbox.Faults.FailNext(SandboxEndpoint.StartProcessInstance, count: 1, statusCode: 503);

        await Should.ThrowAsync<CamundaTransientException>(() => _client.ProcessDefinitions.StartByKeyAsync(Key, null, null, Ct));

        _sandbox.Calls[SandboxEndpoint.StartProcessInstance].ShouldBe(1);
    }

    [Fact]
    public async Task FailNext_WithAnEngineError_ReachesTheCallerTyped()
    {
        var task = await StartAndLockAsync();
        _sandbox.Faults.FailNext(SandboxEndpoint.Complete, count: 1, statusCode: 500, type: "NullValueException", message: "injected", code: 0);

        var error = await Should.ThrowAsync<CamundaServerErrorException>(() => CompleteOnPrivateAsync(task));

        error.EngineErrorType.ShouldBe("NullValueException");
        error.EngineMessage.ShouldBe("injected");
    }

    [Fact]
    public async Task DropNext_TheClientRetriesTheCompleteOnANewConnection()
    {
        var task = await StartAndLockAsync();
        _sandbox.Faults.DropNext(SandboxEndpoint.Complete);

        await CompleteOnPrivateAsync(task);

        _sandbox.Calls[SandboxEndpoint.Complete].ShouldBe(2);
    }

    [Fact]
    public async Task DropAnswerNext_ARetriedCompleteGets404_AndTheHistorySaysItLanded()
    {
        var task = await StartAndLockAsync();
        _sandbox.Faults.DropAnswerNext(SandboxEndpoint.Complete);

        var error = await Should.ThrowAsync<CamundaNotFoundException>(() => CompleteOnPrivateAsync(task));

        error.EarlierAttemptMayHaveSucceeded.ShouldBeTrue();
        (await _client.ExternalTasks.GetHandlingAsync(task.Id, Ct)).ShouldBe(ExternalTaskHandling.Completed);
    }

    [Fact]
    public async Task DelayNext_HoldsTheCall()
    {
        _sandbox.Faults.DelayNext(SandboxEndpoint.Version, TimeSpan.FromMilliseconds(400));
        var watch = Stopwatch.StartNew();

        await _client.GetVersionAsync(Ct);

        watch.ElapsedMilliseconds.ShouldBeGreaterThanOrEqualTo(380);
    }

    [Fact]
    public async Task Pause_IsAnOutage_AndResumeKeepsTheState()
    {
        var task = await StartAndLockAsync();
        _sandbox.Faults.Pause();

        var error = await Should.ThrowAsync<CamundaTransientException>(() => CompleteOnPrivateAsync(task));
        _sandbox.Faults.Resume();
        await CompleteOnPrivateAsync(task);

        error.Details.Attempts.ShouldBe(3);
        (await _client.History.GetProcessInstanceAsync(task.ProcessInstanceId!, Ct)).State.ShouldBe("COMPLETED");
    }

    [Fact]
    public async Task Pause_AbortsPendingLongPolls()
    {
        var poll = _client.ExternalTasks.FetchAndLockAsync(new FetchAndLockRequest
        {
            WorkerId = Worker,
            MaxTasks = 1,
            AsyncResponseTimeout = TimeSpan.FromMinutes(1),
            Topics = [new FetchTopic { TopicName = Topic + "-none", LockDuration = TimeSpan.FromMinutes(1) }],
        }, Ct);
        await _sandbox.WaitForPendingFetchAndLockAsync(1, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        _sandbox.Faults.Pause();

        await Should.ThrowAsync<CamundaTransientException>(() => poll);
        _sandbox.Faults.Resume();
    }
}
