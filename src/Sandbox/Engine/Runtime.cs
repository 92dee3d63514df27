using Bptl.Sandbox.Bpmn;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Engine;

/// <summary>A running process instance: its variables and the executions (tokens) that move through it.</summary>
internal sealed class ProcessInstance
{
    public required string Id { get; init; }

    public required ProcessDefinition Definition { get; init; }

    public string? BusinessKey { get; init; }

    public string? TenantId => Definition.TenantId;

    public Dictionary<string, TypedValue> Variables { get; } = new(StringComparer.Ordinal);

    public List<Execution> Executions { get; } = [];

    /// <summary>Executions waiting at a parallel join, by gateway id.</summary>
    public Dictionary<string, List<Execution>> JoinArrivals { get; } = new(StringComparer.Ordinal);

    public bool IsEnded { get; set; }

    public bool Suspended { get; set; }

    public required HistoricProcessInstance History { get; init; }
}

/// <summary>
/// A path of execution. The first one shares the instance id (as Camunda's process-instance
/// execution does); a fork creates concurrent ones with their own ids and local variables.
/// </summary>
internal sealed class Execution
{
    public required string Id { get; init; }

    public required ProcessInstance Instance { get; init; }

    public bool IsRoot => ReferenceEquals(Id, Instance.Id) || string.Equals(Id, Instance.Id, StringComparison.Ordinal);

    public FlowNode? Current { get; set; }

    /// <summary>Variables local to a concurrent execution; null until one is set.</summary>
    public Dictionary<string, TypedValue>? Locals { get; set; }

    /// <summary>The external task this execution waits on, or null.</summary>
    public ExternalTask? Task { get; set; }

    /// <summary>The message this execution waits for (catch event or receive task), or null.</summary>
    public MessageWait? Wait { get; set; }
}

internal enum TaskQueueState
{
    /// <summary>Not yet in (or no longer in) the topic index.</summary>
    Detached,

    /// <summary>Unlocked: fetchable now.</summary>
    Ready,

    /// <summary>Locked or in a retry timeout: fetchable once the lock expires.</summary>
    Timed,

    /// <summary>No retries left: never fetched until retries are set.</summary>
    Parked,
}

internal sealed class ExternalTask
{
    public required string Id { get; init; }

    /// <summary>Creation order, the tie-breaker of every ordering.</summary>
    public required long Sequence { get; init; }

    public required ExternalTaskNode Node { get; init; }

    public required Execution Execution { get; init; }

    public required string ExecutionId { get; init; }

    public required string ActivityInstanceId { get; init; }

    public required DateTimeOffset CreateTime { get; init; }

    /// <summary>Variables of a scope activity's own execution (it has boundary events), else null.</summary>
    public Dictionary<string, TypedValue>? ScopeVariables { get; init; }

    public ProcessInstance Instance => Execution.Instance;

    public string TopicName => Node.Topic;

    public string? WorkerId { get; set; }

    public DateTimeOffset? LockExpirationTime { get; set; }

    public int? Retries { get; set; }

    public string? ErrorMessage { get; set; }

    public string? ErrorDetails { get; set; }

    public long Priority { get; set; }

    public bool Suspended { get; set; }

    public TaskQueueState QueueState { get; set; }

    /// <summary>Bumped on every lock change so stale entries of the expiry heap are skipped.</summary>
    public int LockVersion { get; set; }

    public bool HasRetriesLeft => Retries is null or > 0;
}

internal sealed class Incident
{
    public required string Id { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required string IncidentType { get; init; }

    public string? Message { get; init; }

    public required string Configuration { get; init; }

    public required string ActivityId { get; init; }

    public required string ProcessInstanceId { get; init; }

    public required string ExecutionId { get; init; }

    public required string ProcessDefinitionId { get; init; }

    public string? TenantId { get; init; }
}

internal static class HistoricStates
{
    public const string Active = "ACTIVE";
    public const string Completed = "COMPLETED";
    public const string ExternallyTerminated = "EXTERNALLY_TERMINATED";
    public const string InternallyTerminated = "INTERNALLY_TERMINATED";
}

internal sealed class HistoricProcessInstance
{
    public required string Id { get; init; }

    public string? BusinessKey { get; init; }

    public required ProcessDefinition Definition { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public DateTimeOffset? EndTime { get; set; }

    public required string StartActivityId { get; init; }

    public string State { get; set; } = HistoricStates.Active;

    public string? DeleteReason { get; set; }

    /// <summary>Insertion order, for a stable default ordering of history queries.</summary>
    public required long Sequence { get; init; }
}
