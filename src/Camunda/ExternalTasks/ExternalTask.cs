namespace Bptl.Camunda.ExternalTasks;

/// <summary>An external task as <c>GET /external-task/{id}</c> and the list return it.</summary>
public sealed record ExternalTask
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>The topic.</summary>
    public string? TopicName { get; init; }

    /// <summary>The worker holding (or last holding) the lock, or null.</summary>
    public string? WorkerId { get; init; }

    /// <summary>When the lock expires, or null when unlocked.</summary>
    public DateTimeOffset? LockExpirationTime { get; init; }

    /// <summary>When the task was created.</summary>
    public DateTimeOffset? CreateTime { get; init; }

    /// <summary>Retries left; null until the first failure or set-retries.</summary>
    public int? Retries { get; init; }

    /// <summary>The last failure's message.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The priority.</summary>
    public long Priority { get; init; }

    /// <summary>True when the task (its process instance) is suspended.</summary>
    public bool Suspended { get; init; }

    /// <summary>The activity id.</summary>
    public string? ActivityId { get; init; }

    /// <summary>The activity instance id.</summary>
    public string? ActivityInstanceId { get; init; }

    /// <summary>The execution id.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>The process instance id.</summary>
    public string? ProcessInstanceId { get; init; }

    /// <summary>The process definition id.</summary>
    public string? ProcessDefinitionId { get; init; }

    /// <summary>The process definition key.</summary>
    public string? ProcessDefinitionKey { get; init; }

    /// <summary>The process definition's version tag.</summary>
    public string? ProcessDefinitionVersionTag { get; init; }

    /// <summary>The business key.</summary>
    public string? BusinessKey { get; init; }

    /// <summary>The tenant.</summary>
    public string? TenantId { get; init; }
}

/// <summary>Filters of <c>POST /external-task</c> and <c>/external-task/count</c>; unset filters are left out.</summary>
public sealed record ExternalTaskQuery
{
    /// <summary>One task by id.</summary>
    public string? ExternalTaskId { get; init; }

    /// <summary>Tasks by ids.</summary>
    public IReadOnlyList<string>? ExternalTaskIdIn { get; init; }

    /// <summary>Tasks of a topic.</summary>
    public string? TopicName { get; init; }

    /// <summary>Tasks locked by a worker.</summary>
    public string? WorkerId { get; init; }

    /// <summary>Only tasks with an unexpired lock.</summary>
    public bool? Locked { get; init; }

    /// <summary>Only tasks without a lock or with an expired one.</summary>
    public bool? NotLocked { get; init; }

    /// <summary>Only tasks with retries null or above 0.</summary>
    public bool? WithRetriesLeft { get; init; }

    /// <summary>Only tasks with 0 retries.</summary>
    public bool? NoRetriesLeft { get; init; }

    /// <summary>Tasks of an activity.</summary>
    public string? ActivityId { get; init; }

    /// <summary>Tasks of these activities.</summary>
    public IReadOnlyList<string>? ActivityIdIn { get; init; }

    /// <summary>Tasks of an execution.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>Tasks of a process instance.</summary>
    public string? ProcessInstanceId { get; init; }

    /// <summary>Tasks of these process instances.</summary>
    public IReadOnlyList<string>? ProcessInstanceIdIn { get; init; }

    /// <summary>Tasks of a process definition.</summary>
    public string? ProcessDefinitionId { get; init; }

    /// <summary>Tasks of these tenants.</summary>
    public IReadOnlyList<string>? TenantIdIn { get; init; }

    /// <summary>Only active tasks.</summary>
    public bool? Active { get; init; }

    /// <summary>Only suspended tasks.</summary>
    public bool? Suspended { get; init; }

    /// <summary>Priority at least this.</summary>
    public long? PriorityHigherThanOrEquals { get; init; }

    /// <summary>Priority at most this.</summary>
    public long? PriorityLowerThanOrEquals { get; init; }

    /// <summary>Sort orders: <c>sortBy</c> one of id, lockExpirationTime, processInstanceId, processDefinitionId, processDefinitionKey, taskPriority, tenantId, createTime.</summary>
    public IReadOnlyList<QuerySorting>? Sorting { get; init; }
}

/// <summary>One sort order of a query.</summary>
public sealed record QuerySorting
{
    /// <summary>The property to sort by.</summary>
    public required string SortBy { get; init; }

    /// <summary><c>asc</c> or <c>desc</c>.</summary>
    public required string SortOrder { get; init; }
}
