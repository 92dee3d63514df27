using Bptl.Variables;

namespace Bptl.Camunda.ExternalTasks;

/// <summary>A task returned by fetch-and-lock, locked for the requesting worker.</summary>
public sealed record LockedExternalTask
{
    /// <summary>The external task's id.</summary>
    public required string Id { get; init; }

    /// <summary>The topic it was queued under.</summary>
    public string? TopicName { get; init; }

    /// <summary>The worker holding the lock.</summary>
    public string? WorkerId { get; init; }

    /// <summary>When the lock expires.</summary>
    public DateTimeOffset? LockExpirationTime { get; init; }

    /// <summary>When the task was created (engines from 7.21).</summary>
    public DateTimeOffset? CreateTime { get; init; }

    /// <summary>Retries left: null until the first failure or set-retries.</summary>
    public int? Retries { get; init; }

    /// <summary>The error message of the last failure.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The full error details of the last failure.</summary>
    public string? ErrorDetails { get; init; }

    /// <summary>The task's priority (default 0).</summary>
    public long Priority { get; init; }

    /// <summary>Always false in fetch answers.</summary>
    public bool Suspended { get; init; }

    /// <summary>The activity (BPMN element id) of the task.</summary>
    public string? ActivityId { get; init; }

    /// <summary>The activity instance id.</summary>
    public string? ActivityInstanceId { get; init; }

    /// <summary>The execution that carries the task.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>The process instance.</summary>
    public string? ProcessInstanceId { get; init; }

    /// <summary>The process definition id.</summary>
    public string? ProcessDefinitionId { get; init; }

    /// <summary>The process definition key.</summary>
    public string? ProcessDefinitionKey { get; init; }

    /// <summary>The process definition's version tag.</summary>
    public string? ProcessDefinitionVersionTag { get; init; }

    /// <summary>The process instance's business key.</summary>
    public string? BusinessKey { get; init; }

    /// <summary>The tenant, or null.</summary>
    public string? TenantId { get; init; }

    /// <summary>The variables asked for. File variables download their content on demand.</summary>
    public VariableMap Variables { get; init; } = new();

    /// <summary>The activity's extension properties, when asked for; otherwise empty.</summary>
    public IReadOnlyDictionary<string, string> ExtensionProperties { get; init; } = new Dictionary<string, string>();
}
