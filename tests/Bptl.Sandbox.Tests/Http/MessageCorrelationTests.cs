using System.Text.Json;
using Bptl.Sandbox.Tests.Support;
using TestModels = Bptl.Testing.Bpmn;

namespace Bptl.Sandbox.Tests.Http;

/// <summary>POST /message against message catch events and receive tasks: matching, variables, results, history.</summary>
public sealed class MessageCorrelationTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Mismatch = "org.camunda.bpm.engine.MismatchingMessageCorrelationException: ";

    private SandboxClient Client => fixture.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Deploys start → first → catch(message) → second → end and returns key, topic and message name.</summary>
    private async Task<(string Key, string Topic, string Message)> DeployCatchAsync()
    {
        var key = Models.Unique("msg");
        var message = key + "-message";
        await Client.DeployOkAsync(TestModels.WithMessageCatch(key, key + "-first", message, key + "-second"));
        return (key, key, message);
    }

    /// <summary>Starts an instance and completes its first task, so it waits at the catch event.</summary>
    private async Task<string> StartWaitingAsync(string key, string topic, string body = "{}")
    {
        var instanceId = await Client.StartAsync(key, body);
        var tasks = await Client.FetchAsync("w", topic + "-first", maxTasks: 100);
        var task = tasks.Single(t => t.Str("processInstanceId") == instanceId);
        (await Client.CompleteAsync(task.Str("id"), "w")).ShouldBeStatus(204);
        return instanceId;
    }

    private Task<Reply> CorrelateAsync(string json) => Client.PostAsync("message", json);

    [Fact]
    public async Task Correlate_ByBusinessKey_MovesTheTokenOn_TheNextTaskAppears()
    {
        var (key, topic, message) = await DeployCatchAsync();
        var instanceId = await StartWaitingAsync(key, topic, """{"businessKey":"order-1"}""");
        await StartWaitingAsync(key, topic, """{"businessKey":"order-2"}""");

        (await CorrelateAsync($$"""{"messageName":"{{message}}","businessKey":"order-1"}""")).ShouldBeStatus(204);

        var next = await Client.FetchOneAsync("w", topic + "-second");
        next.Str("processInstanceId").ShouldBe(instanceId);
        next.Str("activityId").ShouldBe("second");
        next.Str("executionId").ShouldBe(instanceId);
        (await Client.HistoryStateAsync(instanceId)).ShouldBe("ACTIVE");
    }

    [Fact]
    public async Task Correlate_ThroughTheDefaultEngineAlias_Works()
    {
        var (key, topic, message) = await DeployCatchAsync();
        await StartWaitingAsync(key, topic);

        (await CorrelateAsync_Alias($$"""{"messageName":"{{message}}"}""")).ShouldBeStatus(204);

        (await Client.FetchAsync("w", topic + "-second")).Length.ShouldBe(1);
    }

    private Task<Reply> CorrelateAsync_Alias(string json) => Client.PostAsync("engine/default/message", json);

    [Fact]
    public async Task Correlate_ByProcessInstanceId_ReachesOnlyThatInstance()
    {
        var (key, topic, message) = await DeployCatchAsync();
        await StartWaitingAsync(key, topic);
        var target = await StartWaitingAsync(key, topic);

        (await CorrelateAsync($$"""{"messageName":"{{message}}","processInstanceId":"{{target}}"}""")).ShouldBeStatus(204);

        (await Client.FetchOneAsync("w", topic + "-second")).Str("processInstanceId").ShouldBe(target);
    }

    [Fact]
    public async Task Correlate_ByCorrelationKeys_MatchesTypeAndValue()
    {
        var (key, topic, message) = await DeployCatchAsync();
        var seven = await StartWaitingAsync(key, topic, """{"variables":{"orderNo":{"value":7,"type":"Integer"}}}""");
        await StartWaitingAsync(key, topic, """{"variables":{"orderNo":{"value":8,"type":"Integer"}}}""");

        // A Long 7 is not the Integer 7 the instance holds: nothing matches.
        (await CorrelateAsync($$"""{"messageName":"{{message}}","correlationKeys":{"orderNo":{"value":7,"type":"Long"} } }"""))
            .ShouldBeError(400, "RestException", Mismatch + "Cannot correlate message '" + message + "': No process definition or execution matches the parameters", 0);
        (await CorrelateAsync($$"""{"messageName":"{{message}}","correlationKeys":{"orderNo":{"value":7,"type":"Integer"} } }""")).ShouldBeStatus(204);

        (await Client.FetchOneAsync("w", topic + "-second")).Str("processInstanceId").ShouldBe(seven);
    }

    [Fact]
    public async Task Correlate_LocalCorrelationKeys_MatchTheWaitingScopeOnly()
    {
        var (key, topic, message) = await DeployCatchAsync();
        await StartWaitingAsync(key, topic, """{"variables":{"region":{"value":"eu","type":"String"}}}""");

        // The catch event's own scope has no local variables: instance variables do not count as local ones.
        (await CorrelateAsync($$"""{"messageName":"{{message}}","localCorrelationKeys":{"region":{"value":"eu","type":"String"} } }"""))
            .ShouldBeStatus(400);
        (await CorrelateAsync($$"""{"messageName":"{{message}}","correlationKeys":{"region":{"value":"eu","type":"String"} } }"""))
            .ShouldBeStatus(204);
    }

    [Fact]
    public async Task Correlate_WithVariables_SetsThemWithProcessSemantics_LocalOnesVanish()
    {
        var (key, topic, message) = await DeployCatchAsync();
        var instanceId = await StartWaitingAsync(key, topic, """{"variables":{"status":{"value":"new","type":"String"}}}""");

        (await CorrelateAsync($$"""
            {"messageName":"{{message}}",
             "processVariables":{"status":{"value":"paid","type":"String"},"amount":{"value":"42","type":"Long"},
                                 "paidAt":{"value":"2026-01-25T13:33:42.165+0100","type":"Date"} },
             "processVariablesLocal":{"receipt":{"value":"r-1","type":"String"} } }
            """)).ShouldBeStatus(204);

        var variables = (await Client.GetAsync($"process-instance/{instanceId}/variables")).Json;
        variables.GetProperty("status").Str("value").ShouldBe("paid");
        variables.GetProperty("amount").Str("type").ShouldBe("Long");
        variables.GetProperty("amount").GetProperty("value").GetInt64().ShouldBe(42);
        variables.GetProperty("paidAt").Str("type").ShouldBe("Date");
        variables.TryGetProperty("receipt", out _).ShouldBeFalse();
        var next = await Client.FetchOneAsync("w", topic + "-second");
        next.GetProperty("variables").GetProperty("status").Str("value").ShouldBe("paid");
    }

    [Fact]
    public async Task Correlate_ResultEnabled_NamesTheWaitingScopeExecution()
    {
        var (key, topic, message) = await DeployCatchAsync();
        var instanceId = await StartWaitingAsync(key, topic);

        var reply = await CorrelateAsync($$"""{"messageName":"{{message}}","resultEnabled":true}""");

        reply.ShouldBeStatus(200);
        var result = reply.Json.EnumerateArray().ShouldHaveSingleItem();
        result.Str("resultType").ShouldBe("Execution");
        result.GetProperty("processInstance").ValueKind.ShouldBe(JsonValueKind.Null);
        result.TryGetProperty("variables", out _).ShouldBeFalse();
        var execution = result.GetProperty("execution");
        execution.Str("processInstanceId").ShouldBe(instanceId);
        execution.Str("id").ShouldNotBe(instanceId);
        execution.GetProperty("ended").GetBoolean().ShouldBeTrue();
        execution.GetProperty("tenantId").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Correlate_VariablesInResult_ReturnsTheInstanceVariablesSerialized()
    {
        var (key, topic, message) = await DeployCatchAsync();
        await StartWaitingAsync(key, topic,
            """{"variables":{"order":{"value":"{\"id\":1}","type":"Object","valueInfo":{"objectTypeName":"com.example.Order","serializationDataFormat":"application/json"}}}}""");

        var reply = await CorrelateAsync($$"""
            {"messageName":"{{message}}","resultEnabled":true,"variablesInResultEnabled":true,
             "processVariables":{"paid":{"value":true,"type":"Boolean"} },"processVariablesLocal":{"note":{"value":"x","type":"String"} } }
            """);

        reply.ShouldBeStatus(200);
        var variables = reply.Json.EnumerateArray().ShouldHaveSingleItem().GetProperty("variables");
        variables.GetProperty("paid").GetProperty("value").GetBoolean().ShouldBeTrue();
        variables.GetProperty("order").Str("value").ShouldBe("{\"id\":1}");
        variables.GetProperty("order").GetProperty("valueInfo").Str("objectTypeName").ShouldBe("com.example.Order");
        variables.TryGetProperty("note", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Correlate_TwoWaitingWithoutAll_Is400AmbiguousAndChangesNothing()
    {
        var (key, topic, message) = await DeployCatchAsync();
        await StartWaitingAsync(key, topic, """{"businessKey":"dup"}""");
        await StartWaitingAsync(key, topic, """{"businessKey":"dup"}""");

        (await CorrelateAsync($$"""{"messageName":"{{message}}","businessKey":"dup"}""")).ShouldBeError(400, "RestException",
            Mismatch + "ENGINE-13031 Cannot correlate a message with name '" + message + "' to a single execution. 2 executions match the correlation keys: "
            + "CorrelationSet [businessKey=dup, processInstanceId=null, processDefinitionId=null, correlationKeys=null, localCorrelationKeys=null, "
            + "tenantId=null, isTenantIdSet=false, isExecutionsOnly=false]", 0);

        (await Client.FetchAsync("w", topic + "-second")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Correlate_Ambiguous_QuotesTheCorrelationKeysLikeCamunda()
    {
        var (key, topic, message) = await DeployCatchAsync();
        await StartWaitingAsync(key, topic, """{"variables":{"k":{"value":"v","type":"String"}}}""");
        await StartWaitingAsync(key, topic, """{"variables":{"k":{"value":"v","type":"String"}}}""");

        var reply = await CorrelateAsync($$"""{"messageName":"{{message}}","correlationKeys":{"k":{"value":"v","type":"String"} } }""");

        reply.ShouldBeStatus(400);
        reply.Json.Str("message").ShouldContain("correlationKeys={\n  k => Untyped value 'v', isTransient = false\n}, localCorrelationKeys=null");
    }

    [Fact]
    public async Task Correlate_All_ReachesEveryWaitingExecution()
    {
        var (key, topic, message) = await DeployCatchAsync();
        var first = await StartWaitingAsync(key, topic);
        var second = await StartWaitingAsync(key, topic);

        var reply = await CorrelateAsync($$"""{"messageName":"{{message}}","all":true,"resultEnabled":true}""");

        reply.ShouldBeStatus(200);
        reply.Json.EnumerateArray().Select(r => r.GetProperty("execution").Str("processInstanceId")).ShouldBe([first, second], ignoreOrder: true);
        (await Client.FetchAsync("w", topic + "-second")).Select(t => t.Str("processInstanceId")).ShouldBe([first, second], ignoreOrder: true);
    }

    [Fact]
    public async Task Correlate_AllWithNothingWaiting_IsNoError()
    {
        var message = Models.Unique("nobody");

        (await CorrelateAsync($$"""{"messageName":"{{message}}","all":true}""")).ShouldBeStatus(204);
        var reply = await CorrelateAsync($$"""{"messageName":"{{message}}","all":true,"resultEnabled":true}""");
        reply.ShouldBeStatus(200);
        reply.Json.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Correlate_BeforeTheTokenArrives_IsNoMatch()
    {
        var (key, topic, message) = await DeployCatchAsync();
        await Client.StartAsync(key);

        (await CorrelateAsync($$"""{"messageName":"{{message}}"}""")).ShouldBeError(400, "RestException",
            Mismatch + "Cannot correlate message '" + message + "': No process definition or execution matches the parameters", 0);

        (await Client.FetchAsync("w", topic + "-first")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Correlate_TwiceToTheSameWait_SecondIsNoMatch()
    {
        var (key, topic, message) = await DeployCatchAsync();
        var instanceId = await StartWaitingAsync(key, topic);

        (await CorrelateAsync($$"""{"messageName":"{{message}}","processInstanceId":"{{instanceId}}"}""")).ShouldBeStatus(204);
        (await CorrelateAsync($$"""{"messageName":"{{message}}","processInstanceId":"{{instanceId}}"}""")).ShouldBeStatus(400);
    }

    [Fact]
    public async Task Correlate_DeletedInstance_NoLongerWaits()
    {
        var (key, topic, message) = await DeployCatchAsync();
        var instanceId = await StartWaitingAsync(key, topic);

        (await Client.DeleteAsync("process-instance/" + instanceId)).ShouldBeStatus(204);

        (await CorrelateAsync($$"""{"messageName":"{{message}}"}""")).ShouldBeStatus(400);
        (await Client.HistoryStateAsync(instanceId)).ShouldBe("EXTERNALLY_TERMINATED");
    }

    [Fact]
    public async Task Correlate_ReceiveTask_MovesOnAndEndsTheInstanceInHistory()
    {
        var key = Models.Unique("recv");
        var message = key + "-message";
        await Client.DeployOkAsync(TestModels.WithReceiveTask(key, message, key));
        var instanceId = await Client.StartAsync(key);
        (await Client.FetchAsync("w", key)).ShouldBeEmpty();

        (await CorrelateAsync($$"""{"messageName":"{{message}}","processInstanceId":"{{instanceId}}"}""")).ShouldBeStatus(204);

        var task = await Client.FetchOneAsync("w", key);
        task.Str("activityId").ShouldBe("task");
        (await Client.CompleteAsync(task.Str("id"), "w")).ShouldBeStatus(204);
        (await Client.HistoryStateAsync(instanceId)).ShouldBe("COMPLETED");
    }

    [Fact]
    public async Task Correlate_WakesALongPollOnTheNextTopic()
    {
        var (key, topic, message) = await DeployCatchAsync();
        await StartWaitingAsync(key, topic);
        var before = fixture.Engine.PendingFetchAndLockCount;
        var poll = Client.PostAsync("external-task/fetchAndLock",
            $$"""{"workerId":"w","maxTasks":1,"asyncResponseTimeout":20000,"topics":[{"topicName":"{{topic}}-second","lockDuration":60000}]}""");
        await fixture.Engine.WaitForPendingFetchAndLockAsync(before + 1, Ct);

        (await CorrelateAsync($$"""{"messageName":"{{message}}"}""")).ShouldBeStatus(204);

        var reply = await poll.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        reply.Json.GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Correlate_FollowingConditionFails_Returns500AndTheInstanceStillWaits()
    {
        var key = Models.Unique("cond");
        var message = key + "-message";
        await Client.DeployOkAsync(Models.Definitions(key, $$"""
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="gw" />
            <bpmn:exclusiveGateway id="gw" />
            <bpmn:sequenceFlow id="yes" sourceRef="gw" targetRef="task"><bpmn:conditionExpression>${approved}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="no" sourceRef="gw" targetRef="end"><bpmn:conditionExpression>${!approved}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:serviceTask id="task" camunda:type="external" camunda:topic="{{key}}" />
            <bpmn:sequenceFlow id="f3" sourceRef="task" targetRef="end" />
            <bpmn:endEvent id="end" />
            """, definitionsBody: $"""<bpmn:message id="m" name="{message}" />"""));
        await Client.StartAsync(key);

        (await CorrelateAsync($$"""{"messageName":"{{message}}","processVariables":{"other":{"value":1,"type":"Integer"} } }"""))
            .ShouldBeError(500, "ProcessEngineException",
                "Unknown property used in expression: ${approved}. Cause: Cannot resolve identifier 'approved'", 0);
        (await CorrelateAsync($$"""{"messageName":"{{message}}","processVariables":{"approved":{"value":true,"type":"Boolean"} } }"""))
            .ShouldBeStatus(204);

        (await Client.FetchAsync("w", key)).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Correlate_ParallelBranchesWaitingForOneMessage_AllReachesBothAndTheJoinContinues()
    {
        var key = Models.Unique("par");
        var message = key + "-message";
        await Client.DeployOkAsync(Models.Definitions(key, $"""
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:sequenceFlow id="fa" sourceRef="fork" targetRef="waitA" />
            <bpmn:sequenceFlow id="fb" sourceRef="fork" targetRef="waitB" />
            <bpmn:intermediateCatchEvent id="waitA"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
            <bpmn:receiveTask id="waitB" messageRef="m" />
            <bpmn:sequenceFlow id="ja" sourceRef="waitA" targetRef="join" />
            <bpmn:sequenceFlow id="jb" sourceRef="waitB" targetRef="join" />
            <bpmn:parallelGateway id="join" />
            <bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="task" />
            <bpmn:serviceTask id="task" camunda:type="external" camunda:topic="{key}" />
            <bpmn:sequenceFlow id="f3" sourceRef="task" targetRef="end" />
            <bpmn:endEvent id="end" />
            """, definitionsBody: $"""<bpmn:message id="m" name="{message}" />"""));
        var instanceId = await Client.StartAsync(key);

        (await CorrelateAsync($$"""{"messageName":"{{message}}"}""")).ShouldBeStatus(400);
        var reply = await CorrelateAsync($$"""{"messageName":"{{message}}","all":true,"resultEnabled":true}""");

        reply.Json.GetArrayLength().ShouldBe(2);
        var task = await Client.FetchOneAsync("w", key);
        task.Str("processInstanceId").ShouldBe(instanceId);
        task.Str("executionId").ShouldBe(instanceId);
    }

    [Fact]
    public async Task Correlate_AfterATerminateEndEventInAnotherBranch_NothingWaits()
    {
        var key = Models.Unique("term");
        var message = key + "-message";
        await Client.DeployOkAsync(Models.Definitions(key, """
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:sequenceFlow id="fa" sourceRef="fork" targetRef="wait" />
            <bpmn:sequenceFlow id="fb" sourceRef="fork" targetRef="kill" />
            <bpmn:receiveTask id="wait" messageRef="m" />
            <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
            <bpmn:endEvent id="end" />
            <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition /></bpmn:endEvent>
            """, definitionsBody: $"""<bpmn:message id="m" name="{message}" />"""));

        var instanceId = await Client.StartAsync(key);

        (await Client.HistoryStateAsync(instanceId)).ShouldBe("COMPLETED");
        (await CorrelateAsync($$"""{"messageName":"{{message}}","all":true,"resultEnabled":true}""")).Json.GetArrayLength().ShouldBe(0);
    }
}
