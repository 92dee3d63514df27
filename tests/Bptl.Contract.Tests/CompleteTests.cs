using Bptl.Testing;
using Bptl.Camunda.Errors;
using Bptl.Camunda.ExternalTasks;
using Bptl.Variables;
using Bptl.Contract.Tests.Infrastructure;

namespace Bptl.Contract.Tests;

public sealed class CompleteTests(EngineFixture engine) : ContractTest(engine)
{
    [Fact]
    public async Task Complete_SetsVariablesAndMovesTheProcessOn()
    {
        var next = Unique + "-next";
        await DeployAsync(Bpmn.TwoTasks(Key, Topic, next));
        var instance = await StartAsync(new VariableMap { ["input"] = 1 });
        var task = await FetchOneAsync();

        await CompleteAsync(task, new VariableMap { ["result"] = "done", ["input"] = 2 });

        var second = await FetchOneAsync(topic: next);
        second.ActivityId.ShouldBe("second");
        second.Variables.Get<string>("result").ShouldBe("done");
        second.Variables.Get<int>("input").ShouldBe(2);
        (await Client.ProcessInstances.GetVariablesAsync(instance.Id, cancellationToken: Ct)).Get<string>("result").ShouldBe("done");
    }

    [Fact]
    public async Task Complete_LastTask_EndsTheInstance()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        await CompleteAsync(task);

        (await Client.History.GetProcessInstanceAsync(task.ProcessInstanceId!, Ct)).State.ShouldBe("COMPLETED");
        await Should.ThrowAsync<CamundaNotFoundException>(() => Client.ProcessInstances.GetAsync(task.ProcessInstanceId!, Ct));
    }

    [Fact]
    public async Task Complete_Twice_Is404()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();
        await CompleteAsync(task);

        var error = await Should.ThrowAsync<CamundaNotFoundException>(() => CompleteAsync(task));

        error.EngineErrorType.ShouldBe("RestException");
        error.EngineMessage.ShouldBe($"External task with id {task.Id} does not exist");
    }

    [Fact]
    public async Task Complete_UnknownTask_Is404RestException() =>
        (await Raw.PostAsync("external-task/nope-" + Unique + "/complete", """{"workerId":"w"}""", Ct))
            .ShouldBeError(404, "RestException", $"External task with id nope-{Unique} does not exist");

    [Fact]
    public async Task Complete_ByAnotherWorker_Is400NamingBothWorkers()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        var response = await Raw.PostAsync($"external-task/{task.Id}/complete", """{"workerId":"other"}""", Ct);

        response.ShouldBeError(400, "RestException",
            $"External Task {task.Id} cannot be completed by worker 'other'. It is locked by worker '{Worker}'.");
        (await Should.ThrowAsync<CamundaLockConflictException>(() => CompleteAsync(task, worker: "other"))).StatusCode.ShouldBe(400);
    }

    [Fact]
    public async Task Complete_UnlockedTask_NamesNullAsTheOwner()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();
        await Client.ExternalTasks.UnlockAsync(task.Id, Ct);

        (await Raw.PostAsync($"external-task/{task.Id}/complete", $$"""{"workerId":"{{Worker}}"}""", Ct))
            .ShouldBeError(400, "RestException", "It is locked by worker 'null'.");
    }

    [Fact]
    public async Task Complete_WithoutWorkerId_Is500NullValue()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        (await Raw.PostAsync($"external-task/{task.Id}/complete", "{}", Ct)).ShouldBeError(500, "NullValueException", "workerId is null");
    }

    [Fact]
    public async Task Complete_UnsupportedVariableType_Is400AndTheTaskStays()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        (await Raw.PostAsync($"external-task/{task.Id}/complete",
                $$$$"""{"workerId":"{{{{Worker}}}}","variables":{"x":{"value":1,"type":"Foo"}}}""", Ct))
            .ShouldBeError(400, "RestException", "Unsupported value type 'Foo'");
        (await Client.ExternalTasks.GetAsync(task.Id, Ct)).WorkerId.ShouldBe(Worker);
    }

    [Fact]
    public async Task Complete_MalformedJson_Is400WithEmptyMessage()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        (await Raw.PostAsync($"external-task/{task.Id}/complete", """{"workerId": """, Ct))
            .ShouldBeError(400, "InvalidRequestException").Json.GetProperty("message").GetString().ShouldBe("");
    }

    [Fact]
    public async Task Complete_AfterLockExpiry_WithoutRelock_StillSucceeds()
    {
        await DeployOneTaskAsync();
        await StartAsync();
        var task = await FetchOneAsync(lockDuration: TimeSpan.FromMilliseconds(300));
        await PassAsync(task.LockExpirationTime);

        await CompleteAsync(task);

        await Should.ThrowAsync<CamundaNotFoundException>(() => Client.ExternalTasks.GetAsync(task.Id, Ct));
    }

    [Fact]
    public async Task Complete_AfterExpiryAndRelockByAnother_Is400()
    {
        await DeployOneTaskAsync();
        await StartAsync();
        var task = await FetchOneAsync(lockDuration: TimeSpan.FromMilliseconds(300));
        await PassAsync(task.LockExpirationTime);
        var relocked = await FetchOneAsync(worker: "second-" + Unique);

        relocked.Id.ShouldBe(task.Id);
        await Should.ThrowAsync<CamundaLockConflictException>(() => CompleteAsync(task));
    }

    [Fact]
    public async Task Complete_LocalVariables_StayOnTheTaskExecution()
    {
        var next = Unique + "-next";
        await DeployAsync(Bpmn.TwoTasks(Key, Topic, next));
        var instance = await StartAsync();
        var task = await FetchOneAsync();

        await CompleteAsync(task, new VariableMap { ["global"] = 1 }, new VariableMap { ["local"] = 2 });

        var second = await FetchOneAsync(topic: next);
        second.Variables.Get<int>("global").ShouldBe(1);
        var onInstance = await Client.ProcessInstances.GetVariablesAsync(instance.Id, cancellationToken: Ct);
        onInstance.Get<int>("global").ShouldBe(1);
    }
}
