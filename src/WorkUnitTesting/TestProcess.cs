using System.Security;

namespace Bptl.WorkUnitTesting;

/// <summary>The process every test run starts: the work unit's task, then a task that shows the variables; a BPMN error also leads there.</summary>
internal static class TestProcess
{
    public static string Bpmn(string key, string topic, string afterTopic)
    {
        var t = SecurityElement.Escape(topic);
        var a = SecurityElement.Escape(afterTopic);
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://bptl.test">
              <bpmn:process id="{key}" isExecutable="true">
                <bpmn:startEvent id="start"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="unit"/>
                <bpmn:serviceTask id="unit" camunda:type="external" camunda:topic="{t}"/>
                <bpmn:sequenceFlow id="f2" sourceRef="unit" targetRef="after"/>
                <bpmn:serviceTask id="after" camunda:type="external" camunda:topic="{a}"/>
                <bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="end"/>
                <bpmn:endEvent id="end"/>
                <bpmn:boundaryEvent id="caught" attachedToRef="unit">
                  <bpmn:errorEventDefinition id="anyError"/>
                </bpmn:boundaryEvent>
                <bpmn:sequenceFlow id="f4" sourceRef="caught" targetRef="afterError"/>
                <bpmn:serviceTask id="afterError" camunda:type="external" camunda:topic="{a}"/>
                <bpmn:sequenceFlow id="f5" sourceRef="afterError" targetRef="errorEnd"/>
                <bpmn:endEvent id="errorEnd"/>
              </bpmn:process>
            </bpmn:definitions>
            """;
    }
}
