using Bptl.Sandbox.Expressions;

namespace Bptl.Sandbox.Bpmn;

/// <summary>One executable <c>bpmn:process</c> of a deployed resource.</summary>
internal sealed class ProcessModel
{
    public required string Key { get; init; }

    public string? Name { get; init; }

    public string? Documentation { get; init; }

    public string? VersionTag { get; init; }

    public int? HistoryTimeToLive { get; init; }

    public bool IsStartableInTasklist { get; init; } = true;

    /// <summary><c>camunda:taskPriority</c> of the process, the default for its external tasks.</summary>
    public Expression? TaskPriority { get; init; }

    /// <summary>
    /// Where a start through the REST API begins (Camunda's "initial"): the none start event, or the only start
    /// event when there is just one; null when the process can only be started by one of several messages.
    /// </summary>
    public StartEventNode? StartEvent { get; init; }

    /// <summary>The message start events, each with a distinct message name.</summary>
    public IReadOnlyList<StartEventNode> MessageStartEvents { get; init; } = [];

    public required IReadOnlyDictionary<string, FlowNode> Nodes { get; init; }
}

/// <summary>The result of parsing one BPMN resource.</summary>
internal sealed class BpmnDocument
{
    public string? TargetNamespace { get; init; }

    public required IReadOnlyList<ProcessModel> Processes { get; init; }
}
