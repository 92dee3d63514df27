using System.Text;
using Bptl.Sandbox.Bpmn;
using Bptl.Sandbox.Tests.Support;

namespace Bptl.Sandbox.Tests.Unit;

public sealed class MessageParserTests
{
    private const string Message = "<bpmn:message id=\"m\" name=\"paid\" />";

    private static BpmnDocument Parse(string xml) => BpmnParser.Parse("test.bpmn", Encoding.UTF8.GetBytes(xml));

    private static BpmnProblem RefusedOnce(string xml) =>
        Should.Throw<BpmnParseException>(() => Parse(xml)).Problems.ShouldHaveSingleItem();

    private static string Around(string element, string definitions = Message) => Models.Definitions("p", $"""
        <bpmn:startEvent id="start" />
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
        {element}
        <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
        <bpmn:endEvent id="end" />
        """, definitionsBody: definitions);

    [Fact]
    public void Parse_MessageCatchEvent_WaitsForTheMessageName()
    {
        var process = Parse(Around("<bpmn:intermediateCatchEvent id=\"wait\"><bpmn:messageEventDefinition messageRef=\"m\" /></bpmn:intermediateCatchEvent>"))
            .Processes.ShouldHaveSingleItem();

        var wait = process.Nodes["wait"].ShouldBeOfType<MessageCatchNode>();
        wait.MessageName.ShouldBe("paid");
        wait.ElementName.ShouldBe("intermediateCatchEvent");
        wait.Outgoing.ShouldHaveSingleItem().Target.Id.ShouldBe("end");
    }

    [Fact]
    public void Parse_ReceiveTaskWithMessageRef_WaitsForTheMessageName()
    {
        var process = Parse(Around("<bpmn:receiveTask id=\"wait\" messageRef=\"m\" />")).Processes.ShouldHaveSingleItem();

        var wait = process.Nodes["wait"].ShouldBeOfType<MessageCatchNode>();
        wait.MessageName.ShouldBe("paid");
        wait.ElementName.ShouldBe("receiveTask");
    }

    [Fact]
    public void Parse_PrefixedMessageRef_IsResolved()
    {
        var process = Parse(Around("<bpmn:receiveTask id=\"wait\" messageRef=\"tns:m\" />")).Processes.ShouldHaveSingleItem();

        process.Nodes["wait"].ShouldBeOfType<MessageCatchNode>().MessageName.ShouldBe("paid");
    }

    [Fact]
    public void Parse_MessageStartEventBesideANoneStart_TheNoneStartIsInitial()
    {
        var process = Parse(Models.Definitions("p", """
            <bpmn:startEvent id="start" />
            <bpmn:startEvent id="byMessage"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
            <bpmn:sequenceFlow id="f2" sourceRef="byMessage" targetRef="end" />
            <bpmn:endEvent id="end" />
            """, definitionsBody: Message)).Processes.ShouldHaveSingleItem();

        process.StartEvent!.Id.ShouldBe("start");
        process.MessageStartEvents.ShouldHaveSingleItem().MessageName.ShouldBe("paid");
    }

    [Fact]
    public void Parse_TwoMessageStartsOnly_HaveNoInitial()
    {
        var process = Parse(Models.Definitions("p", """
            <bpmn:startEvent id="a"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
            <bpmn:startEvent id="b"><bpmn:messageEventDefinition messageRef="n" /></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="end" />
            <bpmn:sequenceFlow id="f2" sourceRef="b" targetRef="end" />
            <bpmn:endEvent id="end" />
            """, definitionsBody: Message + "<bpmn:message id=\"n\" name=\"cancelled\" />")).Processes.ShouldHaveSingleItem();

        process.StartEvent.ShouldBeNull();
        process.MessageStartEvents.Select(s => s.MessageName).ShouldBe(["paid", "cancelled"]);
    }

    [Fact]
    public void Parse_TwoMessageStartsWithOneName_AreRefused()
    {
        var problem = RefusedOnce(Models.Definitions("p", """
            <bpmn:startEvent id="a"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
            <bpmn:startEvent id="b"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="end" />
            <bpmn:sequenceFlow id="f2" sourceRef="b" targetRef="end" />
            <bpmn:endEvent id="end" />
            """, definitionsBody: Message));

        problem.Message.ShouldBe("Cannot have more than one message event subscription with name 'paid' for scope 'p'");
    }

    [Theory]
    [InlineData("<bpmn:receiveTask id=\"wait\" messageRef=\"nope\" />", "Invalid 'messageRef': no message with id 'nope' found.")]
    [InlineData("<bpmn:intermediateCatchEvent id=\"wait\"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>", "attribute 'messageRef' is required")]
    [InlineData("<bpmn:intermediateCatchEvent id=\"wait\"><bpmn:messageEventDefinition messageRef=\"nameless\" /></bpmn:intermediateCatchEvent>",
        "Cannot have a message event subscription with an empty or missing name")]
    public void Parse_BadMessageReference_IsRefusedWithCamundasMessage(string element, string message)
    {
        var problem = RefusedOnce(Around(element, Message + "<bpmn:message id=\"nameless\" />"));

        problem.Message.ShouldBe(message);
        problem.ElementId.ShouldBe("wait");
    }

    [Theory]
    [InlineData("<bpmn:intermediateCatchEvent id=\"wait\"><bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>", "intermediateCatchEvent")]
    [InlineData("<bpmn:intermediateCatchEvent id=\"wait\" />", "intermediateCatchEvent")]
    [InlineData("<bpmn:intermediateCatchEvent id=\"wait\"><bpmn:messageEventDefinition messageRef=\"m\" /><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>",
        "intermediateCatchEvent")]
    [InlineData("<bpmn:intermediateThrowEvent id=\"wait\"><bpmn:messageEventDefinition messageRef=\"m\" /></bpmn:intermediateThrowEvent>", "intermediateThrowEvent")]
    [InlineData("<bpmn:receiveTask id=\"wait\" />", "receiveTask")]
    [InlineData("<bpmn:receiveTask id=\"wait\" messageRef=\"m\"><bpmn:multiInstanceLoopCharacteristics /></bpmn:receiveTask>", "receiveTask")]
    [InlineData("<bpmn:receiveTask id=\"wait\" messageRef=\"m\"><bpmn:extensionElements><camunda:inputOutput /></bpmn:extensionElements></bpmn:receiveTask>",
        "receiveTask")]
    public void Parse_MessageElementTheSandboxDoesNotRun_IsRefusedWithTagAndId(string element, string tag)
    {
        var problem = RefusedOnce(Around(element));

        problem.Message.ShouldContain($"'{tag}' with id 'wait'");
        problem.ElementId.ShouldBe("wait");
    }

    [Fact]
    public void Parse_MessageNameWithAnExpression_IsRefused()
    {
        var problem = RefusedOnce(Around("<bpmn:receiveTask id=\"wait\" messageRef=\"m\" />", "<bpmn:message id=\"m\" name=\"paid-${orderId}\" />"));

        problem.Message.ShouldStartWith("Unsupported element 'receiveTask' with id 'wait'");
        problem.Message.ShouldContain("expression");
    }

    [Fact]
    public void Parse_MessageBoundaryAndMessageEndEvents_StayRefused()
    {
        var boundary = Should.Throw<BpmnParseException>(() => Parse(Models.OneTask("p", "t").Replace("<bpmn:endEvent id=\"end\" />",
            "<bpmn:endEvent id=\"end\" /><bpmn:boundaryEvent id=\"cancel\" attachedToRef=\"task\"><bpmn:messageEventDefinition messageRef=\"m\" /></bpmn:boundaryEvent>",
            StringComparison.Ordinal)));
        var end = Should.Throw<BpmnParseException>(() => Parse(Models.OneTask("p", "t").Replace("<bpmn:endEvent id=\"end\" />",
            "<bpmn:endEvent id=\"end\"><bpmn:messageEventDefinition messageRef=\"m\" /></bpmn:endEvent>", StringComparison.Ordinal)));

        boundary.Problems.ShouldHaveSingleItem().Message.ShouldContain("'boundaryEvent' with id 'cancel'");
        end.Problems.ShouldHaveSingleItem().Message.ShouldContain("'endEvent' with id 'end'");
    }
}
