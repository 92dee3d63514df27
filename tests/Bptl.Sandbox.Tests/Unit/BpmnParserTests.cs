using System.Text;
using Bptl.Sandbox.Bpmn;
using Bptl.Sandbox.Tests.Support;

namespace Bptl.Sandbox.Tests.Unit;

public sealed class BpmnParserTests
{
    private static BpmnDocument Parse(string xml) => BpmnParser.Parse("test.bpmn", Encoding.UTF8.GetBytes(xml));

    private static BpmnParseException Refused(string xml) => Should.Throw<BpmnParseException>(() => Parse(xml));

    [Fact]
    public void Parse_OneTaskModel_BuildsTheGraph()
    {
        var document = Parse(Models.OneTask("p", "topic-a", "camunda:taskPriority=\"7\"",
            """<bpmn:extensionElements><camunda:properties><camunda:property name="k" value="v" /></camunda:properties></bpmn:extensionElements>""",
            "camunda:versionTag=\"1.2\" camunda:historyTimeToLive=\"P30D\""));

        var process = document.Processes.ShouldHaveSingleItem();
        process.Key.ShouldBe("p");
        process.VersionTag.ShouldBe("1.2");
        process.HistoryTimeToLive.ShouldBe(30);
        var task = process.Nodes["task"].ShouldBeOfType<ExternalTaskNode>();
        task.Topic.ShouldBe("topic-a");
        task.Priority!.Text.ShouldBe("7");
        task.ExtensionProperties["k"].ShouldBe("v");
        process.StartEvent!.Outgoing.ShouldHaveSingleItem().Target.ShouldBeSameAs(task);
    }

    [Theory]
    [InlineData("<bpmn:userTask id=\"approve\" />", "userTask", "approve")]
    [InlineData("<bpmn:scriptTask id=\"calc\" scriptFormat=\"groovy\" />", "scriptTask", "calc")]
    [InlineData("<bpmn:subProcess id=\"sub\" />", "subProcess", "sub")]
    [InlineData("<bpmn:callActivity id=\"call\" calledElement=\"x\" />", "callActivity", "call")]
    [InlineData("<bpmn:receiveTask id=\"wait\" />", "receiveTask", "wait")]
    [InlineData("<bpmn:inclusiveGateway id=\"incl\" />", "inclusiveGateway", "incl")]
    [InlineData("<bpmn:intermediateCatchEvent id=\"timer\"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>", "intermediateCatchEvent", "timer")]
    [InlineData("<bpmn:serviceTask id=\"java\" camunda:class=\"com.example.Delegate\" />", "serviceTask", "java")]
    public void Parse_UnsupportedElement_IsRefusedWithTagAndId(string element, string tag, string id)
    {
        var error = Refused(Models.Definitions("p", "<bpmn:startEvent id=\"start\" />" + element));

        var problem = error.Problems.ShouldHaveSingleItem();
        problem.Message.ShouldStartWith($"Unsupported element '{tag}' with id '{id}'");
        problem.ElementId.ShouldBe(id);
        problem.Line.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Parse_TimerBoundaryEvent_IsRefused()
    {
        var error = Refused(Models.OneTask("p", "t") .Replace("<bpmn:endEvent id=\"end\" />",
            "<bpmn:endEvent id=\"end\" /><bpmn:boundaryEvent id=\"late\" attachedToRef=\"task\"><bpmn:timerEventDefinition /></bpmn:boundaryEvent>", StringComparison.Ordinal));

        error.Problems.ShouldHaveSingleItem().Message.ShouldContain("'boundaryEvent' with id 'late'");
    }

    [Fact]
    public void Parse_BehaviourExtension_IsRefused()
    {
        var error = Refused(Models.OneTask("p", "t", taskBody:
            "<bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name=\"a\">1</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>"));

        error.Problems.ShouldHaveSingleItem().Message.ShouldStartWith("Unsupported element 'camunda:inputOutput' in 'serviceTask' with id 'task'");
    }

    [Fact]
    public void Parse_SeveralProblems_AreAllReported()
    {
        var error = Refused(Models.Definitions("p", "<bpmn:startEvent id=\"start\" /><bpmn:userTask id=\"a\" /><bpmn:manualTask id=\"b\" /><bpmn:businessRuleTask id=\"c\" />"));

        error.Problems.Select(p => p.ElementId).ShouldBe(["a", "c"]);
    }

    [Fact]
    public void Parse_ExternalTaskWithoutTopic_IsRefused() =>
        Refused(Models.OneTask("p", "")).Problems.ShouldHaveSingleItem().Message
            .ShouldBe("External tasks must specify a 'topic' attribute in the camunda namespace");

    [Fact]
    public void Parse_MalformedXml_IsRefused() =>
        Refused("<bpmn:definitions").Problems.ShouldHaveSingleItem().Line.ShouldBe(1);

    [Fact]
    public void Parse_BrokenCondition_IsRefusedNamingTheFlow()
    {
        var error = Refused(Models.Decision("p", "t", "${amount >}", null));

        error.Problems.ShouldHaveSingleItem().ElementId.ShouldBe("toB");
    }

    [Fact]
    public void Parse_NonExecutableProcess_IsSkipped() =>
        Parse(Models.OneTask("p", "t").Replace("isExecutable=\"true\"", "isExecutable=\"false\"", StringComparison.Ordinal))
            .Processes.ShouldBeEmpty();

    [Fact]
    public void Parse_ErrorBoundary_ResolvesErrorCodeThroughErrorRef()
    {
        var xml = Models.Definitions("p", """
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
            <bpmn:serviceTask id="task" camunda:type="external" camunda:topic="t" />
            <bpmn:boundaryEvent id="caught" attachedToRef="task"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="all" attachedToRef="task"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
            """, definitionsBody: "<bpmn:error id=\"err\" errorCode=\"E42\" />");

        var task = Parse(xml).Processes[0].Nodes["task"].ShouldBeOfType<ExternalTaskNode>();

        task.ErrorBoundaries.Select(b => (b.Id, b.ErrorCode)).ShouldBe([("caught", "E42"), ("all", (string?)null)]);
        task.IsScope.ShouldBeTrue();
    }

    [Fact]
    public void Parse_DiagramAndDocumentation_AreTolerated()
    {
        var xml = Models.OneTask("p", "t").Replace("</bpmn:definitions>", """
              <bpmndi:BPMNDiagram id="diagram"><bpmndi:BPMNPlane id="plane" bpmnElement="p" /></bpmndi:BPMNDiagram>
            </bpmn:definitions>
            """, StringComparison.Ordinal).Replace("<bpmn:startEvent id=\"start\" />",
            "<bpmn:documentation>Docs</bpmn:documentation><bpmn:startEvent id=\"start\"><bpmn:documentation>s</bpmn:documentation></bpmn:startEvent>", StringComparison.Ordinal);

        Parse(xml).Processes.ShouldHaveSingleItem().Documentation.ShouldBe("Docs");
    }
}
