namespace Bptl.Camunda.History;

/// <summary>A process instance in the history: running or ended.</summary>
public sealed record HistoricProcessInstance
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>The business key.</summary>
    public string? BusinessKey { get; init; }

    /// <summary>The process definition id.</summary>
    public string? ProcessDefinitionId { get; init; }

    /// <summary>The process definition key.</summary>
    public string? ProcessDefinitionKey { get; init; }

    /// <summary>The process definition's version.</summary>
    public int? ProcessDefinitionVersion { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>When it ended, or null while it runs.</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>How long it ran, in milliseconds, once ended.</summary>
    public long? DurationInMillis { get; init; }

    /// <summary>Why it was deleted, if it was.</summary>
    public string? DeleteReason { get; init; }

    /// <summary>The start event it began at (a none start event, or the message start event a correlation triggered).</summary>
    public string? StartActivityId { get; init; }

    /// <summary>
    /// ACTIVE, SUSPENDED, COMPLETED, EXTERNALLY_TERMINATED (deleted through the API) or INTERNALLY_TERMINATED
    /// (ended by the process itself, for example by a terminate end event).
    /// </summary>
    public string? State { get; init; }

    /// <summary>The tenant.</summary>
    public string? TenantId { get; init; }
}

/// <summary>Filters for listing historic process instances; unset filters are left out.</summary>
public sealed record HistoricProcessInstanceQuery
{
    /// <summary>One instance.</summary>
    public string? ProcessInstanceId { get; init; }

    /// <summary>A business key.</summary>
    public string? ProcessInstanceBusinessKey { get; init; }

    /// <summary>A process definition key.</summary>
    public string? ProcessDefinitionKey { get; init; }

    /// <summary>Only ended instances.</summary>
    public bool? Finished { get; init; }

    /// <summary>Only running instances.</summary>
    public bool? Unfinished { get; init; }
}

/// <summary>One entry of the external-task log: a task created, failed, completed or deleted.</summary>
public sealed record ExternalTaskLogEntry
{
    /// <summary>The entry's id.</summary>
    public required string Id { get; init; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The external task.</summary>
    public string? ExternalTaskId { get; init; }

    /// <summary>The topic.</summary>
    public string? TopicName { get; init; }

    /// <summary>The worker involved.</summary>
    public string? WorkerId { get; init; }

    /// <summary>Retries at that moment.</summary>
    public int? Retries { get; init; }

    /// <summary>The failure's message, on failure entries.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The process instance.</summary>
    public string? ProcessInstanceId { get; init; }

    /// <summary>The task was created.</summary>
    public bool CreationLog { get; init; }

    /// <summary>A failure was reported.</summary>
    public bool FailureLog { get; init; }

    /// <summary>The task was completed.</summary>
    public bool SuccessLog { get; init; }

    /// <summary>The task was deleted: a BPMN error ended it, or its process instance was cancelled or moved on.</summary>
    public bool DeletionLog { get; init; }
}

/// <summary>Filters of the external-task log; unset filters are left out.</summary>
public sealed record ExternalTaskLogQuery
{
    /// <summary>One external task.</summary>
    public string? ExternalTaskId { get; init; }

    /// <summary>A process instance.</summary>
    public string? ProcessInstanceId { get; init; }

    /// <summary>A topic.</summary>
    public string? TopicName { get; init; }

    /// <summary>Only creation entries.</summary>
    public bool? CreationLog { get; init; }

    /// <summary>Only failure entries.</summary>
    public bool? FailureLog { get; init; }

    /// <summary>Only success entries.</summary>
    public bool? SuccessLog { get; init; }

    /// <summary>Only deletion entries.</summary>
    public bool? DeletionLog { get; init; }
}
