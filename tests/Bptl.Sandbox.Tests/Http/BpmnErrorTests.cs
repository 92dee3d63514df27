using Bptl.Sandbox.Tests.Support;

namespace Bptl.Sandbox.Tests.Http;

public sealed class BpmnErrorTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private SandboxClient Client => fixture.Client;

    /// <summary>A task with a boundary for E1 (to topic-e1) and a catch-all boundary (to topic-any).</summary>
    private async Task<(string Key, string Topic)> DeployWithBoundariesAsync(bool withCatchAll)
    {
        var key = Models.Unique("err");
        var topic = "topic-" + key;
        var catchAll = withCatchAll ? $"""
            <bpmn:boundaryEvent id="any" attachedToRef="task"><bpmn:errorEventDefinition camunda:errorCodeVariable="code" /></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f5" sourceRef="any" targetRef="handleAny" />
            <bpmn:serviceTask id="handleAny" camunda:type="external" camunda:topic="{topic}-any" />
            """ : string.Empty;
        await Client.DeployOkAsync(Models.Definitions(key, $"""
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
            <bpmn:serviceTask id="task" camunda:type="external" camunda:topic="{topic}" />
            <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
            <bpmn:endEvent id="end" />
            <bpmn:boundaryEvent id="onE1" attachedToRef="task">
              <bpmn:errorEventDefinition errorRef="e1" camunda:errorMessageVariable="why" />
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="onE1" targetRef="handleE1" />
            <bpmn:serviceTask id="handleE1" camunda:type="external" camunda:topic="{topic}-e1" />
            {catchAll}
            """, definitionsBody: "<bpmn:error id=\"e1\" errorCode=\"E1\" name=\"First\" />"));
        return (key, topic);
    }

    private Task<Reply> BpmnErrorAsync(string taskId, string code, string extra = "") =>
        Client.PostAsync($"external-task/{taskId}/bpmnError", $$"""{"workerId":"w","errorCode":"{{code}}","errorMessage":"because"{{extra}}}""");

    [Fact]
    public async Task BpmnError_MatchingBoundary_CatchesAndSetsVariablesFirst()
    {
        var (key, topic) = await DeployWithBoundariesAsync(withCatchAll: true);
        var instanceId = await Client.StartAsync(key);
        var task = await Client.FetchOneAsync("w", topic);

        (await BpmnErrorAsync(task.Str("id"), "E1", ""","variables":{"reason":{"value":"bad","type":"String"}}""")).ShouldBeStatus(204);

        var handler = await Client.FetchOneAsync("w", topic + "-e1");
        handler.GetProperty("variables").GetProperty("reason").Str("value").ShouldBe("bad");
        handler.GetProperty("variables").GetProperty("why").Str("value").ShouldBe("because");
        (await Client.FetchAsync("w", topic + "-any")).ShouldBeEmpty();
        (await Client.GetAsync("external-task/" + task.Str("id"))).Status.ShouldBe(404);
        _ = instanceId;
    }

    [Fact]
    public async Task BpmnError_OtherCode_IsCaughtByTheCatchAllBoundary()
    {
        var (key, topic) = await DeployWithBoundariesAsync(withCatchAll: true);
        await Client.StartAsync(key);
        var task = await Client.FetchOneAsync("w", topic);

        (await BpmnErrorAsync(task.Str("id"), "E9")).ShouldBeStatus(204);

        var handler = await Client.FetchOneAsync("w", topic + "-any");
        handler.GetProperty("variables").GetProperty("code").Str("value").ShouldBe("E9");
    }

    [Fact]
    public async Task BpmnError_Uncaught_EndsTheInstanceAsCompleted()
    {
        var (key, topic) = await DeployWithBoundariesAsync(withCatchAll: false);
        var instanceId = await Client.StartAsync(key);
        var task = await Client.FetchOneAsync("w", topic);

        (await BpmnErrorAsync(task.Str("id"), "E9")).ShouldBeStatus(204);

        (await Client.HistoryStateAsync(instanceId)).ShouldBe("COMPLETED");
        (await Client.GetAsync("process-instance/" + instanceId)).Status.ShouldBe(404);
    }

    [Fact]
    public async Task BpmnError_ByOtherWorkerOrWithoutCode_IsRefused()
    {
        var (key, topic) = await DeployWithBoundariesAsync(withCatchAll: false);
        await Client.StartAsync(key);
        var id = (await Client.FetchOneAsync("w", topic)).Str("id");

        (await Client.PostAsync($"external-task/{id}/bpmnError", """{"workerId":"x","errorCode":"E1"}""")).ShouldBeError(400, "RestException",
            $"Bpmn error of External Task {id} cannot be reported by worker 'x'. It is locked by worker 'w'.", 0);
        (await Client.PostAsync($"external-task/{id}/bpmnError", """{"workerId":"w"}""")).ShouldBeError(500, "NullValueException", "errorCode is null", 0);
    }

    [Fact]
    public async Task Complete_WithMatchingErrorEventDefinition_BecomesABpmnError()
    {
        var key = Models.Unique("eed");
        var topic = "topic-" + key;
        await Client.DeployOkAsync(Models.Definitions(key, $$"""
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
            <bpmn:serviceTask id="task" camunda:type="external" camunda:topic="{{topic}}">
              <bpmn:extensionElements>
                <camunda:errorEventDefinition id="def" errorRef="rejected" expression="${status == 'rejected'}" />
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
            <bpmn:endEvent id="end" />
            <bpmn:boundaryEvent id="onRejected" attachedToRef="task"><bpmn:errorEventDefinition errorRef="rejected" /></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="onRejected" targetRef="handle" />
            <bpmn:serviceTask id="handle" camunda:type="external" camunda:topic="{{topic}}-rejected" />
            """, definitionsBody: "<bpmn:error id=\"rejected\" errorCode=\"REJECTED\" />"));
        await Client.StartAsync(key);
        var task = await Client.FetchOneAsync("w", topic);

        (await Client.CompleteAsync(task.Str("id"), "w", ""","variables":{"status":{"value":"rejected","type":"String"}}""")).ShouldBeStatus(204);

        (await Client.FetchAsync("w", topic + "-rejected")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task TerminateEndEvent_EndsEveryPath()
    {
        var key = Models.Unique("term");
        var topic = "topic-" + key;
        await Client.DeployOkAsync(Models.Definitions(key, $"""
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="slow" />
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="fast" />
            <bpmn:serviceTask id="slow" camunda:type="external" camunda:topic="{topic}-slow" />
            <bpmn:serviceTask id="fast" camunda:type="external" camunda:topic="{topic}-fast" />
            <bpmn:sequenceFlow id="f4" sourceRef="fast" targetRef="kill" />
            <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition /></bpmn:endEvent>
            """));
        var instanceId = await Client.StartAsync(key);
        var fast = await Client.FetchOneAsync("w", topic + "-fast");

        (await Client.CompleteAsync(fast.Str("id"), "w")).ShouldBeStatus(204);

        (await Client.HistoryStateAsync(instanceId)).ShouldBe("COMPLETED");
        (await Client.FetchAsync("w", topic + "-slow")).ShouldBeEmpty();
    }
}
