namespace Bptl.Sandbox.Tests.Support;

/// <summary>BPMN test models, built as text.</summary>
internal static class Models
{
    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Wraps process content in a definitions element with the usual namespaces.</summary>
    public static string Definitions(string key, string processBody, string processAttributes = "", string definitionsBody = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          id="defs-{key}" targetNamespace="http://bptl.dev/test">
          {definitionsBody}
          <bpmn:process id="{key}" isExecutable="true" {processAttributes}>
            {processBody}
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>start → one external task → end.</summary>
    public static string OneTask(string key, string topic, string taskAttributes = "", string taskBody = "", string processAttributes = "") =>
        Definitions(key, $"""
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
            <bpmn:serviceTask id="task" camunda:type="external" camunda:topic="{topic}" {taskAttributes}>{taskBody}</bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
            <bpmn:endEvent id="end" />
            """, processAttributes);

    /// <summary>start → task A → exclusive gateway (conditions) → task B or C.</summary>
    public static string Decision(string key, string topic, string conditionB, string? conditionC, bool defaultToC = false) =>
        Definitions(key, $"""
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="taskA" />
            <bpmn:serviceTask id="taskA" camunda:type="external" camunda:topic="{topic}" />
            <bpmn:sequenceFlow id="f2" sourceRef="taskA" targetRef="gw" />
            <bpmn:exclusiveGateway id="gw" {(defaultToC ? "default=\"toC\"" : "")} />
            <bpmn:sequenceFlow id="toB" sourceRef="gw" targetRef="taskB">
              <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{conditionB}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="toC" sourceRef="gw" targetRef="taskC">
              {(conditionC is null ? "" : $"<bpmn:conditionExpression>{conditionC}</bpmn:conditionExpression>")}
            </bpmn:sequenceFlow>
            <bpmn:serviceTask id="taskB" camunda:type="external" camunda:topic="{topic}-b" />
            <bpmn:serviceTask id="taskC" camunda:type="external" camunda:topic="{topic}-c" />
            <bpmn:sequenceFlow id="f3" sourceRef="taskB" targetRef="end" />
            <bpmn:sequenceFlow id="f4" sourceRef="taskC" targetRef="end" />
            <bpmn:endEvent id="end" />
            """);
}
