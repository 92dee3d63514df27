using Bptl.Testing;
using Bptl.Camunda.Errors;
using Bptl.Camunda.ExternalTasks;
using Bptl.Variables;
using Bptl.Contract.Tests.Infrastructure;

namespace Bptl.Contract.Tests;

public sealed class BpmnErrorTests(EngineFixture engine) : ContractTest(engine)
{
    private string Handled => Unique + "-handled";

    private Task ThrowAsync(LockedExternalTask task, string code, VariableMap? variables = null, string? worker = null) =>
        Client.ExternalTasks.HandleBpmnErrorAsync(task.Id, new ReportBpmnError
        {
            WorkerId = worker ?? Worker,
            ErrorCode = code,
            ErrorMessage = "rejected",
            Variables = variables,
        }, Ct);

    [Fact]
    public async Task BpmnError_MatchingBoundary_TakesTheErrorPathWithTheVariables()
    {
        await DeployAsync(Bpmn.WithErrorBoundary(Key, Topic, "REJECTED", Handled));
        var task = await StartAndFetchAsync();

        await ThrowAsync(task, "REJECTED", new VariableMap { ["reason"] = "no stock" });

        var handler = await FetchOneAsync(topic: Handled);
        handler.ActivityId.ShouldBe("handler");
        handler.Variables.Get<string>("reason").ShouldBe("no stock");
        await Should.ThrowAsync<CamundaNotFoundException>(() => Client.ExternalTasks.GetAsync(task.Id, Ct));
    }

    [Fact]
    public async Task BpmnError_CatchAllBoundary_CatchesAnyCode()
    {
        await DeployAsync(Bpmn.WithErrorBoundary(Key, Topic, null, Handled));
        var task = await StartAndFetchAsync();

        await ThrowAsync(task, "ANYTHING");

        (await FetchOneAsync(topic: Handled)).ActivityId.ShouldBe("handler");
    }

    [Fact]
    public async Task BpmnError_Uncaught_EndsThePath()
    {
        await DeployAsync(Bpmn.WithErrorBoundary(Key, Topic, "REJECTED", Handled));
        var task = await StartAndFetchAsync();

        await ThrowAsync(task, "OTHER_CODE");

        var history = await Client.History.GetProcessInstanceAsync(task.ProcessInstanceId!, Ct);
        history.EndTime.ShouldNotBeNull();
        history.State.ShouldNotBe("ACTIVE");
        (await FetchAsync(topic: Handled)).ShouldBeEmpty();
        await Should.ThrowAsync<CamundaNotFoundException>(() => Client.ProcessInstances.GetAsync(task.ProcessInstanceId!, Ct));
    }

    [Fact]
    public async Task BpmnError_WithoutErrorCode_Is500()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        (await Raw.PostAsync($"external-task/{task.Id}/bpmnError", $$"""{"workerId":"{{Worker}}"}""", Ct))
            .ShouldBeError(500, "NullValueException", "errorCode is null");
    }

    [Fact]
    public async Task BpmnError_ByAnotherWorker_Is400()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        (await Raw.PostAsync($"external-task/{task.Id}/bpmnError", """{"workerId":"other","errorCode":"E"}""", Ct))
            .ShouldBeError(400, "RestException", $"Bpmn error of External Task {task.Id} cannot be reported by worker 'other'. It is locked by worker '{Worker}'.");
    }

    [Fact]
    public async Task BpmnError_UnknownTask_Is404() =>
        (await Raw.PostAsync($"external-task/nope-{Unique}/bpmnError", """{"workerId":"w","errorCode":"E"}""", Ct))
            .ShouldBeError(404, "RestException", "does not exist");
}
