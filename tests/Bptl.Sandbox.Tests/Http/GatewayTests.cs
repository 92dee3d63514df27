using Bptl.Sandbox.Tests.Support;

namespace Bptl.Sandbox.Tests.Http;

public sealed class GatewayTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private SandboxClient Client => fixture.Client;

    private async Task<(string Key, string Topic)> DeployDecisionAsync(string conditionB, string? conditionC, bool defaultToC = false)
    {
        var key = Models.Unique("gw");
        var topic = "topic-" + key;
        await Client.DeployOkAsync(Models.Decision(key, topic, conditionB, conditionC, defaultToC));
        return (key, topic);
    }

    [Theory]
    [InlineData(5, "-b")]
    [InlineData(2, "-c")]
    public async Task ExclusiveGateway_TakesTheFlowWhoseConditionHolds(int amount, string expectedSuffix)
    {
        var (key, topic) = await DeployDecisionAsync("${amount &gt; 3}", "${amount le 3}");
        await Client.StartAsync(key);
        var task = await Client.FetchOneAsync("w", topic);

        (await Client.CompleteAsync(task.Str("id"), "w", $$$""","variables":{"amount":{"value":{{{amount}}},"type":"Integer"}}""")).ShouldBeStatus(204);

        (await Client.FetchAsync("w", topic + expectedSuffix)).Length.ShouldBe(1);
    }

    [Fact]
    public async Task ExclusiveGateway_NoConditionHolds_TakesTheDefaultFlow()
    {
        var (key, topic) = await DeployDecisionAsync("${approved}", null, defaultToC: true);
        await Client.StartAsync(key, """{"variables":{"approved":{"value":false,"type":"Boolean"}}}""");
        var task = await Client.FetchOneAsync("w", topic);

        (await Client.CompleteAsync(task.Str("id"), "w")).ShouldBeStatus(204);

        (await Client.FetchAsync("w", topic + "-c")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Complete_ConditionOnUnknownVariable_Returns500AndChangesNothing()
    {
        var (key, topic) = await DeployDecisionAsync("${missing == 'x'}", "${other}");
        var instanceId = await Client.StartAsync(key);
        var task = await Client.FetchOneAsync("w", topic);

        var reply = await Client.CompleteAsync(task.Str("id"), "w", ""","variables":{"set":{"value":"new","type":"String"}}""");

        reply.ShouldBeError(500, "ProcessEngineException",
            "Unknown property used in expression: ${missing == 'x'}. Cause: Cannot resolve identifier 'missing'", 0);
        var stored = await Client.GetAsync("external-task/" + task.Str("id"));
        stored.ShouldBeStatus(200).Json.Str("workerId").ShouldBe("w");
        (await Client.GetAsync($"process-instance/{instanceId}/variables")).Body.ShouldBe("{}");
        (await Client.CompleteAsync(task.Str("id"), "w", ""","variables":{"missing":{"value":"x","type":"String"}}""")).ShouldBeStatus(204);
        (await Client.FetchAsync("w", topic + "-b")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Complete_NoSelectableFlow_Returns500Engine02004()
    {
        var (key, topic) = await DeployDecisionAsync("${n > 10}", "${n > 20}");
        await Client.StartAsync(key, """{"variables":{"n":{"value":1,"type":"Long"}}}""");
        var task = await Client.FetchOneAsync("w", topic);

        (await Client.CompleteAsync(task.Str("id"), "w")).ShouldBeError(500, "ProcessEngineException",
            "ENGINE-02004 No outgoing sequence flow for the element with id 'gw' could be selected for continuing the process.", 0);
        (await Client.GetAsync("external-task/" + task.Str("id"))).ShouldBeStatus(200);
    }

    [Fact]
    public async Task Start_GatewayFailsAtStart_IsWrappedAndCreatesNothing()
    {
        var key = Models.Unique("startfail");
        await Client.DeployOkAsync(Models.Definitions(key, """
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
            <bpmn:exclusiveGateway id="gw" />
            <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="end"><bpmn:conditionExpression>${go}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:endEvent id="end" />
            """));

        var reply = await Client.PostAsync("process-definition/key/" + key + "/start", "{}");

        reply.Status.ShouldBe(500);
        reply.Json.Str("type").ShouldBe("RestException");
        reply.Json.Str("message").ShouldStartWith("Cannot instantiate process definition " + key + ":1:");
        reply.Json.Str("message").ShouldEndWith(": Unknown property used in expression: ${go}. Cause: Cannot resolve identifier 'go'");
        (await Client.GetAsync("history/process-instance/count?processDefinitionKey=" + key)).Json.GetProperty("count").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task ParallelGateway_ForksAndJoinsBeforeContinuing()
    {
        var key = Models.Unique("par");
        var topic = "topic-" + key;
        await Client.DeployOkAsync(Models.Definitions(key, $"""
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="a" />
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="b" />
            <bpmn:serviceTask id="a" camunda:type="external" camunda:topic="{topic}" />
            <bpmn:serviceTask id="b" camunda:type="external" camunda:topic="{topic}" />
            <bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="join" />
            <bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="join" />
            <bpmn:parallelGateway id="join" />
            <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="after" />
            <bpmn:serviceTask id="after" camunda:type="external" camunda:topic="{topic}-after" />
            <bpmn:sequenceFlow id="f7" sourceRef="after" targetRef="end" />
            <bpmn:endEvent id="end" />
            """));
        var instanceId = await Client.StartAsync(key);

        var tasks = await Client.FetchAsync("w", topic, 10);
        tasks.Select(t => t.Str("activityId")).Order().ShouldBe(["a", "b"]);
        tasks.Select(t => t.Str("executionId")).Distinct().Count().ShouldBe(2);

        (await Client.CompleteAsync(tasks[0].Str("id"), "w")).ShouldBeStatus(204);
        (await Client.FetchAsync("w", topic + "-after")).ShouldBeEmpty();
        (await Client.CompleteAsync(tasks[1].Str("id"), "w")).ShouldBeStatus(204);
        var after = await Client.FetchOneAsync("w", topic + "-after");
        after.Str("executionId").ShouldBe(instanceId);
        (await Client.CompleteAsync(after.Str("id"), "w")).ShouldBeStatus(204);
        (await Client.HistoryStateAsync(instanceId)).ShouldBe("COMPLETED");
    }

    [Fact]
    public async Task LocalVariables_OnConcurrentExecution_StayOffTheInstance()
    {
        var key = Models.Unique("local");
        var topic = "topic-" + key;
        await Client.DeployOkAsync(Models.Definitions(key, $"""
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="a" />
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="b" />
            <bpmn:serviceTask id="a" camunda:type="external" camunda:topic="{topic}" />
            <bpmn:serviceTask id="b" camunda:type="external" camunda:topic="{topic}-b" />
            <bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="a2" />
            <bpmn:serviceTask id="a2" camunda:type="external" camunda:topic="{topic}-a2" />
            """));
        var instanceId = await Client.StartAsync(key);
        var a = await Client.FetchOneAsync("w", topic);

        (await Client.CompleteAsync(a.Str("id"), "w", ""","localVariables":{"mine":{"value":1,"type":"Integer"}},"variables":{"shared":{"value":2,"type":"Integer"}}""")).ShouldBeStatus(204);

        (await Client.GetAsync($"process-instance/{instanceId}/variables")).Json.EnumerateObject().Select(p => p.Name).ShouldBe(["shared"]);
        var a2 = await Client.FetchOneAsync("w", topic + "-a2");
        a2.GetProperty("variables").EnumerateObject().Select(p => p.Name).Order().ShouldBe(["mine", "shared"]);
        (await Client.FetchOneAsync("w", topic + "-a2".Replace("-a2", "-b", StringComparison.Ordinal))).GetProperty("variables").EnumerateObject().Select(p => p.Name).ShouldBe(["shared"]);
    }
}
