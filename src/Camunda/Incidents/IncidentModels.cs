namespace Bptl.Camunda.Incidents;

/// <summary>An open incident.</summary>
public sealed record Incident
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>For external tasks, <c>failedExternalTask</c>.</summary>
    public string? IncidentType { get; init; }

    /// <summary>When it was opened.</summary>
    public DateTimeOffset? IncidentTimestamp { get; init; }

    /// <summary>The message: for external tasks, the last failure's error message.</summary>
    public string? IncidentMessage { get; init; }

    /// <summary>For external tasks, the external task's id.</summary>
    public string? Configuration { get; init; }

    /// <summary>The activity.</summary>
    public string? ActivityId { get; init; }

    /// <summary>The activity that failed (may be null).</summary>
    public string? FailedActivityId { get; init; }

    /// <summary>The process instance.</summary>
    public string? ProcessInstanceId { get; init; }

    /// <summary>The process definition.</summary>
    public string? ProcessDefinitionId { get; init; }

    /// <summary>The execution.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>The incident that caused this one (itself for a root incident).</summary>
    public string? CauseIncidentId { get; init; }

    /// <summary>The root cause incident.</summary>
    public string? RootCauseIncidentId { get; init; }

    /// <summary>The tenant.</summary>
    public string? TenantId { get; init; }

    /// <summary>An annotation set by an operator.</summary>
    public string? Annotation { get; init; }
}

/// <summary>Filters of the incident list; unset filters are left out.</summary>
public sealed record IncidentQuery
{
    /// <summary>One incident.</summary>
    public string? IncidentId { get; init; }

    /// <summary>A type, for example <c>failedExternalTask</c>.</summary>
    public string? IncidentType { get; init; }

    /// <summary>A process instance.</summary>
    public string? ProcessInstanceId { get; init; }

    /// <summary>A configuration: for external tasks, the task id.</summary>
    public string? Configuration { get; init; }

    /// <summary>An activity.</summary>
    public string? ActivityId { get; init; }
}
