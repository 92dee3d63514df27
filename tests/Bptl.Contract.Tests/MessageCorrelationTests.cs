using Bptl.Camunda.Errors;
using Bptl.Camunda.Messages;
using Bptl.Contract.Tests.Infrastructure;
using Bptl.Testing;
using Bptl.Variables;

namespace Bptl.Contract.Tests;

/// <summary>
/// POST /message against a message catch event between two external tasks, a receive task and a message start
/// event. Message names are unique per test: start-event subscriptions are global on an engine.
/// </summary>
public sealed class MessageCorrelationTests(EngineFixture engine) : ContractTest(engine)
{
    private string MessageName => Unique + "-message";

    private string NextTopic => Topic + "-next";

    private Task<Bptl.Camunda.Deployments.Deployment> DeployCatchAsync() => DeployAsync(Bpmn.WithMessageCatch(Key, Topic, MessageName, NextTopic));

    /// <summary>Starts instances and completes their first tasks, so each waits at the catch event.</summary>
    private async Task<List<string>> StartWaitingAsync(int count, Func<int, string?>? businessKey = null, Func<int, VariableMap?>? variables = null)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add((await StartAsync(variables?.Invoke(i), businessKey?.Invoke(i))).Id);
        }

        var tasks = await FetchAsync(maxTasks: count);
        tasks.Count.ShouldBe(count);
        foreach (var task in tasks)
        {
            await CompleteAsync(task);
        }

        return ids;
    }

    private Task<IReadOnlyList<MessageCorrelationResult>> CorrelateAsync(Func<CorrelateMessageRequest, CorrelateMessageRequest>? refine = null)
    {
        var request = new CorrelateMessageRequest { MessageName = MessageName };
        return Client.Messages.CorrelateAsync(refine is null ? request : refine(request), Ct);
    }

    [Fact]
    public async Task Correlate_ByBusinessKey_MovesTheTokenToTheNextTask()
    {
        await DeployCatchAsync();
        var ids = await StartWaitingAsync(2, i => $"order-{i}");

        var results = await CorrelateAsync(r => r with { BusinessKey = "order-1" });

        results.ShouldBeEmpty();
        var next = await FetchOneAsync(NextTopic);
        next.ProcessInstanceId.ShouldBe(ids[1]);
        next.ActivityId.ShouldBe("second");
        (await FetchAsync(topic: NextTopic)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Correlate_ByProcessInstanceId_ReachesOnlyThatInstance()
    {
        await DeployCatchAsync();
        var ids = await StartWaitingAsync(2);

        await CorrelateAsync(r => r with { ProcessInstanceId = ids[0] });

        (await FetchOneAsync(NextTopic)).ProcessInstanceId.ShouldBe(ids[0]);
    }

    [Fact]
    public async Task Correlate_WithVariables_SetsThemOnTheInstance_LocalOnesEndWithTheCatchEvent()
    {
        await DeployCatchAsync();
        var id = (await StartWaitingAsync(1, variables: _ => new VariableMap { ["status"] = "new" }))[0];

        await CorrelateAsync(r => r with
        {
            ProcessInstanceId = id,
            ProcessVariables = new VariableMap { ["status"] = "paid", ["amount"] = VariableValue.Long(42) },
            ProcessVariablesLocal = new VariableMap { ["receipt"] = "r-1" },
        });

        var variables = await Client.ProcessInstances.GetVariablesAsync(id, cancellationToken: Ct);
        variables.Get<string>("status").ShouldBe("paid");
        variables["amount"].ShouldBe(VariableValue.Long(42));
        variables.ContainsKey("receipt").ShouldBeFalse();
        (await FetchOneAsync(NextTopic)).Variables.Get<string>("status").ShouldBe("paid");
    }

    [Fact]
    public async Task Correlate_ByCorrelationKeys_MatchesInstanceVariables()
    {
        await DeployCatchAsync();
        var ids = await StartWaitingAsync(2, variables: i => new VariableMap { ["orderNo"] = VariableValue.Integer(i) });

        await CorrelateAsync(r => r with { CorrelationKeys = new VariableMap { ["orderNo"] = VariableValue.Integer(1) } });

        (await FetchOneAsync(NextTopic)).ProcessInstanceId.ShouldBe(ids[1]);
    }

    [Fact]
    public async Task Correlate_ResultEnabled_ReturnsTheExecutionAndTheInstanceVariables()
    {
        await DeployCatchAsync();
        var id = (await StartWaitingAsync(1, variables: _ => new VariableMap { ["customer"] = "c-7" }))[0];

        var results = await CorrelateAsync(r => r with
        {
            ProcessInstanceId = id,
            ResultEnabled = true,
            VariablesInResultEnabled = true,
            ProcessVariables = new VariableMap { ["paid"] = true },
        });

        var result = results.ShouldHaveSingleItem();
        result.ResultType.ShouldBe(MessageCorrelationResultType.Execution);
        result.ProcessInstance.ShouldBeNull();
        result.Execution.ShouldNotBeNull().ProcessInstanceId.ShouldBe(id);
        result.ProcessInstanceId.ShouldBe(id);
        result.Variables.ShouldNotBeNull().Get<string>("customer").ShouldBe("c-7");
        result.Variables.Get<bool>("paid").ShouldBeTrue();
    }

    [Fact]
    public async Task Correlate_All_ReachesEveryWaitingInstance()
    {
        await DeployCatchAsync();
        var ids = await StartWaitingAsync(3, _ => "batch");

        var results = await CorrelateAsync(r => r with { BusinessKey = "batch", All = true, ResultEnabled = true });

        results.Select(x => x.ProcessInstanceId).ShouldBe(ids, ignoreOrder: true);
        results.ShouldAllBe(x => x.ResultType == MessageCorrelationResultType.Execution);
        (await FetchAsync(topic: NextTopic)).Select(t => t.ProcessInstanceId).ShouldBe(ids, ignoreOrder: true);
    }

    [Fact]
    public async Task Correlate_AllWithNothingWaiting_ReturnsAnEmptyList()
    {
        await DeployCatchAsync();

        (await CorrelateAsync(r => r with { All = true, ResultEnabled = true })).ShouldBeEmpty();
    }

    [Fact]
    public async Task Correlate_NothingWaits_Is400NoMatch()
    {
        await DeployCatchAsync();
        await StartAsync();

        var error = await Should.ThrowAsync<CamundaMessageCorrelationException>(() => CorrelateAsync());

        error.StatusCode.ShouldBe(400);
        error.EngineErrorType.ShouldBe("RestException");
        error.NothingMatched.ShouldBeTrue();
        error.EngineMessage.ShouldBe("org.camunda.bpm.engine.MismatchingMessageCorrelationException: Cannot correlate message '"
            + MessageName + "': No process definition or execution matches the parameters");
        (await FetchAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Correlate_TwoWaitingWithoutAll_Is400Ambiguous_AndNothingMoves()
    {
        await DeployCatchAsync();
        await StartWaitingAsync(2, _ => "twin");

        var error = await Should.ThrowAsync<CamundaMessageCorrelationException>(() => CorrelateAsync(r => r with { BusinessKey = "twin" }));

        error.StatusCode.ShouldBe(400);
        error.EngineErrorType.ShouldBe("RestException");
        error.NothingMatched.ShouldBeFalse();
        error.EngineMessage.ShouldNotBeNull().ShouldContain(
            "Cannot correlate a message with name '" + MessageName + "' to a single execution. 2 executions match the correlation keys: CorrelationSet [businessKey=twin");
        (await FetchAsync(topic: NextTopic)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Correlate_ReceiveTask_MovesOnToTheTask()
    {
        await DeployAsync(Bpmn.WithReceiveTask(Key, MessageName, Topic));
        var instance = await StartAsync(businessKey: "r-1");
        (await FetchAsync()).ShouldBeEmpty();

        await CorrelateAsync(r => r with { BusinessKey = "r-1" });

        var task = await FetchOneAsync();
        task.ProcessInstanceId.ShouldBe(instance.Id);
        task.ActivityId.ShouldBe("task");
    }

    [Fact]
    public async Task Correlate_MessageStartEvent_StartsAnInstanceWithTheBusinessKey()
    {
        await DeployAsync(Bpmn.WithMessageStart(Key, MessageName, Topic));

        var results = await CorrelateAsync(r => r with
        {
            BusinessKey = "started-by-message",
            ResultEnabled = true,
            ProcessVariables = new VariableMap { ["origin"] = "message" },
        });

        var result = results.ShouldHaveSingleItem();
        result.ResultType.ShouldBe(MessageCorrelationResultType.ProcessDefinition);
        result.Execution.ShouldBeNull();
        var instance = result.ProcessInstance.ShouldNotBeNull();
        instance.BusinessKey.ShouldBe("started-by-message");
        var task = await FetchOneAsync();
        task.ProcessInstanceId.ShouldBe(instance.Id);
        task.Variables.Get<string>("origin").ShouldBe("message");
        (await Client.History.GetProcessInstanceAsync(instance.Id, Ct)).StartActivityId.ShouldBe("start");
    }

    [Fact]
    public async Task Correlate_WithoutMessageName_Is400() =>
        (await Raw.PostAsync("message", """{"businessKey":"b"}""", Ct)).ShouldBeError(400, "InvalidRequestException", "No message name supplied");

    [Fact]
    public async Task Correlate_VariablesInResultWithoutResult_Is400() =>
        (await Raw.PostAsync("message", $$"""{"messageName":"{{MessageName}}","variablesInResultEnabled":true}""", Ct))
            .ShouldBeError(400, "InvalidRequestException", "Parameter 'variablesInResultEnabled' cannot be used without 'resultEnabled' set to true.");

    [Fact]
    public async Task Correlate_UnknownVariableType_Is400CannotDeliver() =>
        (await Raw.PostAsync("message", $$"""{"messageName":"{{MessageName}}","processVariables":{"x":{"value":1,"type":"Foo"} } }""", Ct))
            .ShouldBeError(400, "InvalidRequestException", "Cannot deliver message: Unsupported value type 'Foo'");
}
