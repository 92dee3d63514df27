using System.Text.Json;
using Bptl.Sandbox.Tests.Support;
using TestModels = Bptl.Testing.Bpmn;

namespace Bptl.Sandbox.Tests.Http;

/// <summary>Message start events: correlation to process definitions, start through the REST API, deployment rules.</summary>
public sealed class MessageStartTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Mismatch = "org.camunda.bpm.engine.MismatchingMessageCorrelationException: ";

    private SandboxClient Client => fixture.Client;

    private Task<Reply> CorrelateAsync(string json) => Client.PostAsync("message", json);

    private static string TwoMessageStarts(string key, string message1, string message2) => Models.Definitions(key, $"""
        <bpmn:startEvent id="byFirst"><bpmn:messageEventDefinition messageRef="m1" /></bpmn:startEvent>
        <bpmn:startEvent id="bySecond"><bpmn:messageEventDefinition messageRef="m2" /></bpmn:startEvent>
        <bpmn:sequenceFlow id="f1" sourceRef="byFirst" targetRef="task" />
        <bpmn:sequenceFlow id="f2" sourceRef="bySecond" targetRef="task" />
        <bpmn:serviceTask id="task" camunda:type="external" camunda:topic="{key}" />
        <bpmn:sequenceFlow id="f3" sourceRef="task" targetRef="end" />
        <bpmn:endEvent id="end" />
        """, definitionsBody: $"""<bpmn:message id="m1" name="{message1}" /><bpmn:message id="m2" name="{message2}" />""");

    [Fact]
    public async Task CorrelateStart_StartsTheLatestVersion_WithBusinessKeyAndBothVariableMaps()
    {
        var key = Models.Unique("start");
        var message = key + "-message";
        await Client.DeployOkAsync(TestModels.WithMessageStart(key, message, key));
        var latest = (await Client.DeployOkAsync(TestModels.WithMessageStart(key, message, key + "-v2")))
            .GetProperty("deployedProcessDefinitions").EnumerateObject().Single().Name;

        var reply = await CorrelateAsync($$"""
            {"messageName":"{{message}}","businessKey":"order-9","resultEnabled":true,"variablesInResultEnabled":true,
             "processVariables":{"a":{"value":1,"type":"Integer"} },"processVariablesLocal":{"b":{"value":"two","type":"String"} } }
            """);

        reply.ShouldBeStatus(200);
        var result = reply.Json.EnumerateArray().ShouldHaveSingleItem();
        result.Str("resultType").ShouldBe("ProcessDefinition");
        result.GetProperty("execution").ValueKind.ShouldBe(JsonValueKind.Null);
        var instance = result.GetProperty("processInstance");
        instance.Str("definitionId").ShouldBe(latest);
        instance.Str("businessKey").ShouldBe("order-9");
        instance.GetProperty("links").GetArrayLength().ShouldBe(0);
        instance.GetProperty("ended").GetBoolean().ShouldBeFalse();
        result.GetProperty("variables").GetProperty("a").GetProperty("value").GetInt32().ShouldBe(1);
        result.GetProperty("variables").GetProperty("b").Str("value").ShouldBe("two");
        var task = await Client.FetchOneAsync("w", key + "-v2");
        task.Str("processInstanceId").ShouldBe(instance.Str("id"));
        task.Str("businessKey").ShouldBe("order-9");
        var history = (await Client.GetAsync("history/process-instance/" + instance.Str("id"))).Json;
        history.Str("startActivityId").ShouldBe("start");
        history.Str("state").ShouldBe("ACTIVE");
    }

    [Fact]
    public async Task StartByKey_WithOnlyOneMessageStartEvent_StartsThere()
    {
        var key = Models.Unique("only");
        await Client.DeployOkAsync(TestModels.WithMessageStart(key, key + "-message", key));

        var instanceId = await Client.StartAsync(key);

        (await Client.FetchOneAsync("w", key)).Str("processInstanceId").ShouldBe(instanceId);
        (await Client.GetAsync("history/process-instance/" + instanceId)).Json.Str("startActivityId").ShouldBe("start");
    }

    [Fact]
    public async Task StartByKey_WithSeveralMessageStartsAndNoNoneStart_Is500()
    {
        var key = Models.Unique("two");
        var deployed = await Client.DeployOkAsync(TwoMessageStarts(key, key + "-a", key + "-b"));
        var definitionId = deployed.GetProperty("deployedProcessDefinitions").EnumerateObject().Single().Name;

        (await Client.PostAsync("process-definition/key/" + key + "/start", "{}")).ShouldBeError(500, "RestException",
            "Cannot instantiate process definition " + definitionId
            + ": Cannot start process instance, initial activity where the process instance should start is null: initial is null", 0);

        (await CorrelateAsync($$"""{"messageName":"{{key}}-b","resultEnabled":true}""")).ShouldBeStatus(200);
        (await Client.FetchAsync("w", key)).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Deploy_StartMessageOfAnotherKey_Is500AndDeploysNothing()
    {
        var first = Models.Unique("owner");
        var second = Models.Unique("thief");
        var message = first + "-message";
        await Client.DeployOkAsync(TestModels.WithMessageStart(first, message, first));

        var reply = await Client.DeployAsync("thief.bpmn", TestModels.WithMessageStart(second, message, second));

        reply.ShouldBeError(500, "ProcessEngineException", "ENGINE-01011 Cannot deploy process definition 'thief.bpmn': "
            + "there already is a message event subscription for the message with name '" + message + "'.", 0);
        (await Client.GetAsync("process-definition/key/" + second)).ShouldBeStatus(404);
        (await Client.DeployAsync("again.bpmn", TestModels.WithMessageStart(first, message, first))).ShouldBeStatus(200);
    }

    [Fact]
    public async Task CorrelateStart_InTwoTenants_NeedsATenant()
    {
        var key = Models.Unique("tenant");
        var message = key + "-message";
        (await Client.DeployAsync("t1.bpmn", TestModels.WithMessageStart(key, message, key), null, ("tenant-id", "t1"))).ShouldBeStatus(200);
        (await Client.DeployAsync("t2.bpmn", TestModels.WithMessageStart(key, message, key), null, ("tenant-id", "t2"))).ShouldBeStatus(200);

        (await CorrelateAsync($$"""{"messageName":"{{message}}"}""")).ShouldBeError(400, "RestException",
            Mismatch + "ENGINE-13030 Cannot correlate a message with name '" + message + "' to a single process definition. "
            + "2 process definitions match the correlations keys: CorrelationSet [businessKey=null, processInstanceId=null, processDefinitionId=null, "
            + "correlationKeys=null, localCorrelationKeys=null, tenantId=null, isTenantIdSet=false, isExecutionsOnly=false]", 0);
        (await CorrelateAsync($$"""{"messageName":"{{message}}","withoutTenantId":true}""")).ShouldBeStatus(400);
        var reply = await CorrelateAsync($$"""{"messageName":"{{message}}","tenantId":"t2","resultEnabled":true}""");

        reply.ShouldBeStatus(200);
        reply.Json.EnumerateArray().Single().GetProperty("processInstance").Str("tenantId").ShouldBe("t2");
        (await Client.FetchOneAsync("w", key)).Str("tenantId").ShouldBe("t2");
    }

    [Fact]
    public async Task Correlate_AWaitingExecutionComesBeforeAStartEvent_AllReachesBoth()
    {
        var starter = Models.Unique("starter");
        var waiter = Models.Unique("waiter");
        var message = starter + "-message";
        await Client.DeployOkAsync(TestModels.WithMessageStart(starter, message, starter));
        await Client.DeployOkAsync(TestModels.WithReceiveTask(waiter, message, waiter));
        await Client.StartAsync(waiter);

        var single = await CorrelateAsync($$"""{"messageName":"{{message}}","resultEnabled":true}""");
        single.Json.EnumerateArray().Single().Str("resultType").ShouldBe("Execution");
        (await Client.FetchAsync("w", starter)).ShouldBeEmpty();

        await Client.StartAsync(waiter);
        var all = await CorrelateAsync($$"""{"messageName":"{{message}}","all":true,"resultEnabled":true}""");

        all.Json.EnumerateArray().Select(r => r.Str("resultType")).ShouldBe(["Execution", "ProcessDefinition"]);
        (await Client.FetchAsync("w", starter)).Length.ShouldBe(1);
        (await Client.FetchAsync("w", waiter)).Length.ShouldBe(2);
    }
}
