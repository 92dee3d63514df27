using System.Text;
using Bptl.Camunda.Errors;
using Bptl.Camunda.History;
using Bptl.Camunda.ProcessInstances;
using Bptl.Variables;
using Bptl.Contract.Tests.Infrastructure;

namespace Bptl.Contract.Tests;

public sealed class ProcessInstanceTests(EngineFixture engine) : ContractTest(engine)
{
    [Fact]
    public async Task Get_RunningInstance_AndHistoryIsActive()
    {
        await DeployOneTaskAsync();
        var started = await StartAsync(businessKey: "bk");

        var instance = await Client.ProcessInstances.GetAsync(started.Id, Ct);
        var history = await Client.History.GetProcessInstanceAsync(started.Id, Ct);
        var listed = await Client.ProcessInstances.ListAsync(new ProcessInstanceQuery { BusinessKey = "bk", ProcessDefinitionKey = Key }, cancellationToken: Ct);

        instance.BusinessKey.ShouldBe("bk");
        instance.Ended.ShouldBeFalse();
        history.State.ShouldBe("ACTIVE");
        history.ProcessDefinitionKey.ShouldBe(Key);
        history.StartTime.ShouldNotBeNull();
        history.EndTime.ShouldBeNull();
        listed.ShouldHaveSingleItem().Id.ShouldBe(started.Id);
    }

    [Fact]
    public async Task Get_EndedInstance_Is404()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();
        await CompleteAsync(task);

        var error = await Should.ThrowAsync<CamundaNotFoundException>(() => Client.ProcessInstances.GetAsync(task.ProcessInstanceId!, Ct));

        error.EngineMessage.ShouldBe($"Process instance with id {task.ProcessInstanceId} does not exist");
        var finished = await Client.History.ListProcessInstancesAsync(new HistoricProcessInstanceQuery { ProcessInstanceId = task.ProcessInstanceId, Finished = true }, cancellationToken: Ct);
        finished.ShouldHaveSingleItem().EndTime.ShouldNotBeNull();
    }

    [Fact]
    public async Task Delete_CancelsTheTasks_ALaterCompleteGets404()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        await Client.ProcessInstances.DeleteAsync(task.ProcessInstanceId!, cancellationToken: Ct);

        var error = await Should.ThrowAsync<CamundaNotFoundException>(() => CompleteAsync(task));
        error.EarlierAttemptMayHaveSucceeded.ShouldBeFalse();
        (await Client.History.GetProcessInstanceAsync(task.ProcessInstanceId!, Ct)).State.ShouldBe("EXTERNALLY_TERMINATED");
    }

    [Fact]
    public async Task Variables_GetPutModifyDelete()
    {
        await DeployOneTaskAsync();
        var instance = await StartAsync(new VariableMap { ["a"] = 1, ["b"] = "x", ["c"] = true });

        await Client.ProcessInstances.SetVariableAsync(instance.Id, "d", 4L, Ct);
        await Client.ProcessInstances.ModifyVariablesAsync(instance.Id, new VariableMap { ["a"] = 10, ["e"] = "new" }, ["b", "e"], Ct);
        await Client.ProcessInstances.DeleteVariableAsync(instance.Id, "c", Ct);

        var variables = await Client.ProcessInstances.GetVariablesAsync(instance.Id, cancellationToken: Ct);
        variables.Keys.ShouldBe(["a", "d"], ignoreOrder: true);
        variables.Get<int>("a").ShouldBe(10);
        (await Client.ProcessInstances.GetVariableAsync(instance.Id, "d", cancellationToken: Ct)).ShouldBe(VariableValue.Long(4));
    }

    [Fact]
    public async Task Variables_MissingOne_Is404()
    {
        await DeployOneTaskAsync();
        var instance = await StartAsync();

        var error = await Should.ThrowAsync<CamundaNotFoundException>(() => Client.ProcessInstances.GetVariableAsync(instance.Id, "ghost", cancellationToken: Ct));

        error.EngineMessage!.ShouldContain("process instance variable with name ghost does not exist");
    }

    [Fact]
    public async Task Variables_OfAnUnknownInstance_Is500NullValue() =>
        (await Raw.GetAsync($"process-instance/nope-{Unique}/variables", Ct))
            .ShouldBeError(500, "NullValueException", $"execution nope-{Unique} doesn't exist");

    [Fact]
    public async Task BinaryData_SetAndGetBytesAndFiles()
    {
        await DeployOneTaskAsync();
        var instance = await StartAsync();
        var bytes = new byte[] { 9, 8, 7, 0, 255 };
        var text = Encoding.UTF8.GetBytes("a,b\n1,2\n");

        await Client.ProcessInstances.SetVariableDataAsync(instance.Id, "blob", bytes, cancellationToken: Ct);
        await Client.ProcessInstances.SetVariableDataAsync(instance.Id, "report", text, "report.csv", "text/csv", Ct);

        (await Client.ProcessInstances.GetVariableDataAsync(instance.Id, "blob", Ct)).ShouldBe(bytes);
        (await Client.ProcessInstances.GetVariableDataAsync(instance.Id, "report", Ct)).ShouldBe(text);
        var report = await Client.ProcessInstances.GetVariableAsync(instance.Id, "report", cancellationToken: Ct);
        report.Type.ShouldBe(VariableType.File);
        report.ValueInfo.FileName.ShouldBe("report.csv");
        (await Client.ProcessInstances.GetVariableAsync(instance.Id, "blob", cancellationToken: Ct)).AsBytes().ShouldBe(bytes);
    }
}
