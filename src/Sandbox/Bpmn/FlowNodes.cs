using Bptl.Sandbox.Expressions;

namespace Bptl.Sandbox.Bpmn;

/// <summary>
/// A node of an executable process graph. Each kind has its own sealed class so that later kinds
/// (message catch events, receive tasks) can be added with their own behaviour in the runner.
/// </summary>
internal abstract class FlowNode
{
    protected FlowNode(string id, string elementName)
    {
        Id = id;
        ElementName = elementName;
    }

    public string Id { get; }

    /// <summary>The BPMN tag, e.g. <c>serviceTask</c>.</summary>
    public string ElementName { get; }

    public string? Name { get; init; }

    public List<SequenceFlow> Incoming { get; } = [];

    public List<SequenceFlow> Outgoing { get; } = [];

    /// <summary>The id of the flow taken when no conditional flow matches (activities and exclusive gateways).</summary>
    public string? DefaultFlowId { get; set; }
}

internal sealed class SequenceFlow(string id, FlowNode source, FlowNode target, Expression? condition)
{
    public string Id { get; } = id;

    public FlowNode Source { get; } = source;

    public FlowNode Target { get; } = target;

    public Expression? Condition { get; } = condition;
}

/// <summary>A start event: a none start event, or a message start event (<see cref="MessageName"/> set).</summary>
internal sealed class StartEventNode(string id) : FlowNode(id, "startEvent")
{
    /// <summary>The name of the message that starts the process here, or null for a none start event.</summary>
    public string? MessageName { get; init; }
}

/// <summary>
/// A message intermediate catch event or a receive task with a <c>messageRef</c>: a wait state left when a
/// message with <see cref="MessageName"/> is correlated. Both are scopes in Camunda (their own execution, whose
/// local variables vanish when the activity ends).
/// </summary>
internal sealed class MessageCatchNode(string id, string elementName, string messageName) : FlowNode(id, elementName)
{
    public string MessageName { get; } = messageName;
}

internal enum EndEventKind
{
    None,
    Terminate,
    Error,
}

internal sealed class EndEventNode(string id, EndEventKind kind) : FlowNode(id, "endEvent")
{
    public EndEventKind Kind { get; } = kind;
}

/// <summary>A task or none intermediate throw event that the engine passes through at once.</summary>
internal sealed class PassThroughNode(string id, string elementName) : FlowNode(id, elementName);

internal sealed class ExclusiveGatewayNode(string id) : FlowNode(id, "exclusiveGateway");

internal sealed class ParallelGatewayNode(string id) : FlowNode(id, "parallelGateway");

/// <summary>A task with <c>camunda:type="external"</c>: waits for a worker.</summary>
internal sealed class ExternalTaskNode(string id, string elementName, string topic) : FlowNode(id, elementName)
{
    public string Topic { get; } = topic;

    /// <summary><c>camunda:taskPriority</c> of the activity, null to inherit the process's.</summary>
    public Expression? Priority { get; init; }

    public IReadOnlyDictionary<string, string> ExtensionProperties { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<ErrorEventDefinition> ErrorEventDefinitions { get; init; } = [];

    public List<ErrorBoundaryEventNode> ErrorBoundaries { get; } = [];

    /// <summary>A scope activity gets its own execution (Camunda: boundary events make it a scope).</summary>
    public bool IsScope => ErrorBoundaries.Count > 0;
}

/// <summary>A <c>camunda:errorEventDefinition</c> on an external task: an expression turning complete/failure into a BPMN error.</summary>
internal sealed class ErrorEventDefinition(string? errorCode, string? errorMessage, Expression expression)
{
    public string? ErrorCode { get; } = errorCode;

    public string? ErrorMessage { get; } = errorMessage;

    public Expression Expression { get; } = expression;
}

internal sealed class ErrorBoundaryEventNode(string id, ExternalTaskNode attachedTo) : FlowNode(id, "boundaryEvent")
{
    public ExternalTaskNode AttachedTo { get; } = attachedTo;

    /// <summary>The caught error code; null catches every error.</summary>
    public string? ErrorCode { get; init; }

    public string? ErrorCodeVariable { get; init; }

    public string? ErrorMessageVariable { get; init; }
}
