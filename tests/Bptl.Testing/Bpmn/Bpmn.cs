using System.Globalization;
using System.Text;

namespace Bptl.Testing;

/// <summary>
/// BPMN fixtures. Every process has a history time to live, which Camunda 7.20+ requires, and uses only what both
/// the sandbox and a real engine run: start and end events (none and message), external service tasks, error boundary
/// events, exclusive gateways, message intermediate catch events and receive tasks.
/// </summary>
public static class Bpmn
{
    private const string Header = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                          id="defs" targetNamespace="http://bptl.test/contract">
        """;

    /// <summary>start → task (topic) → end.</summary>
    public static string OneTask(string key, string topic, long? priority = null, string? versionTag = null,
        IReadOnlyDictionary<string, string>? properties = null) =>
        Process(key, versionTag, $"""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
            {Task("task", topic, priority, properties)}
            <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """);

    /// <summary>start → first (topic1) → second (topic2) → end.</summary>
    public static string TwoTasks(string key, string topic1, string topic2) =>
        Process(key, null, $"""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="first"/>
            {Task("first", topic1)}
            <bpmn:sequenceFlow id="f2" sourceRef="first" targetRef="second"/>
            {Task("second", topic2)}
            <bpmn:sequenceFlow id="f3" sourceRef="second" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """);

    /// <summary>start → one task per topic, in order → end. Task ids are <c>t1</c>, <c>t2</c>, ...</summary>
    public static string Chain(string key, params string[] topics)
    {
        var body = new StringBuilder("<bpmn:startEvent id=\"start\"/>");
        var previous = "start";
        for (var i = 0; i < topics.Length; i++)
        {
            var id = "t" + (i + 1).ToString(CultureInfo.InvariantCulture);
            body.Append(CultureInfo.InvariantCulture, $"<bpmn:sequenceFlow id=\"f{i}\" sourceRef=\"{previous}\" targetRef=\"{id}\"/>");
            body.Append(Task(id, topics[i]));
            previous = id;
        }

        body.Append(CultureInfo.InvariantCulture, $"<bpmn:sequenceFlow id=\"fend\" sourceRef=\"{previous}\" targetRef=\"end\"/><bpmn:endEvent id=\"end\"/>");
        return Process(key, null, body.ToString());
    }

    /// <summary>
    /// start → task (topic) → end, with an error boundary on the task leading to handler (handledTopic) → end.
    /// With <paramref name="errorCode"/> null the boundary catches every error.
    /// </summary>
    public static string WithErrorBoundary(string key, string topic, string? errorCode, string handledTopic)
    {
        var errorRef = errorCode is null ? "" : " errorRef=\"err\"";
        var error = errorCode is null ? "" : $"""<bpmn:error id="err" name="err" errorCode="{errorCode}"/>""";
        return Process(key, null, $"""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
            {Task("task", topic)}
            <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            <bpmn:boundaryEvent id="caught" attachedToRef="task">
              <bpmn:errorEventDefinition id="ced"{errorRef}/>
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="caught" targetRef="handler"/>
            {Task("handler", handledTopic)}
            <bpmn:sequenceFlow id="f4" sourceRef="handler" targetRef="handledEnd"/>
            <bpmn:endEvent id="handledEnd"/>
            """, error);
    }

    /// <summary>start → task (topic) → gateway: <paramref name="condition"/> → yes (yesTopic), default → no (noTopic).</summary>
    public static string WithGateway(string key, string topic, string condition, string yesTopic, string noTopic) =>
        Process(key, null, $"""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
            {Task("task", topic)}
            <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="gw"/>
            <bpmn:exclusiveGateway id="gw" default="toNo"/>
            <bpmn:sequenceFlow id="toYes" sourceRef="gw" targetRef="yes">
              <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{System.Security.SecurityElement.Escape(condition)}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="toNo" sourceRef="gw" targetRef="no"/>
            {Task("yes", yesTopic)}
            {Task("no", noTopic)}
            <bpmn:sequenceFlow id="f3" sourceRef="yes" targetRef="end1"/>
            <bpmn:sequenceFlow id="f4" sourceRef="no" targetRef="end2"/>
            <bpmn:endEvent id="end1"/>
            <bpmn:endEvent id="end2"/>
            """);

    /// <summary>
    /// start → first (topic1) → message catch event <c>wait</c> (<paramref name="messageName"/>) → second (topic2) → end.
    /// </summary>
    public static string WithMessageCatch(string key, string topic1, string messageName, string topic2) =>
        Process(key, null, $"""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="first"/>
            {Task("first", topic1)}
            <bpmn:sequenceFlow id="f2" sourceRef="first" targetRef="wait"/>
            <bpmn:intermediateCatchEvent id="wait">
              <bpmn:messageEventDefinition id="waitDefinition" messageRef="msg"/>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="second"/>
            {Task("second", topic2)}
            <bpmn:sequenceFlow id="f4" sourceRef="second" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, Message(messageName));

    /// <summary>start → receive task <c>receive</c> (<paramref name="messageName"/>) → task (topic) → end.</summary>
    public static string WithReceiveTask(string key, string messageName, string topic) =>
        Process(key, null, $"""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="receive"/>
            <bpmn:receiveTask id="receive" messageRef="msg"/>
            <bpmn:sequenceFlow id="f2" sourceRef="receive" targetRef="task"/>
            {Task("task", topic)}
            <bpmn:sequenceFlow id="f3" sourceRef="task" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, Message(messageName));

    /// <summary>
    /// message start event <c>start</c> (<paramref name="messageName"/>) → task (topic) → end. Message start names are
    /// global on an engine: use a name no other deployed process starts with.
    /// </summary>
    public static string WithMessageStart(string key, string messageName, string topic) =>
        Process(key, null, $"""
            <bpmn:startEvent id="start">
              <bpmn:messageEventDefinition id="startDefinition" messageRef="msg"/>
            </bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
            {Task("task", topic)}
            <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, Message(messageName));

    private static string Message(string name) => $"""<bpmn:message id="msg" name="{System.Security.SecurityElement.Escape(name)}"/>""";

    private static string Task(string id, string topic, long? priority = null, IReadOnlyDictionary<string, string>? properties = null)
    {
        var priorityAttribute = priority is { } p ? $" camunda:taskPriority=\"{p.ToString(CultureInfo.InvariantCulture)}\"" : "";
        var extensions = new StringBuilder();
        if (properties is { Count: > 0 })
        {
            extensions.Append("<bpmn:extensionElements><camunda:properties>");
            foreach (var (name, value) in properties)
            {
                extensions.Append(CultureInfo.InvariantCulture, $"<camunda:property name=\"{name}\" value=\"{value}\"/>");
            }

            extensions.Append("</camunda:properties></bpmn:extensionElements>");
        }

        return $"""<bpmn:serviceTask id="{id}" camunda:type="external" camunda:topic="{topic}"{priorityAttribute}>{extensions}</bpmn:serviceTask>""";
    }

    private static string Process(string key, string? versionTag, string body, string definitions = "")
    {
        var tag = versionTag is null ? "" : $" camunda:versionTag=\"{versionTag}\"";
        return $"""
            {Header}
              {definitions}
              <bpmn:process id="{key}" isExecutable="true" camunda:historyTimeToLive="P1D"{tag}>
                {body}
              </bpmn:process>
            </bpmn:definitions>
            """;
    }
}
