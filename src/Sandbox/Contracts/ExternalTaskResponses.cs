using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Contracts;

/// <summary>A task returned by fetchAndLock (Camunda's LockedExternalTaskDto).</summary>
internal sealed class LockedExternalTaskDto
{
    public string? ActivityId { get; set; }

    public string? ActivityInstanceId { get; set; }

    public string? ErrorMessage { get; set; }

    public string? ErrorDetails { get; set; }

    public string? ExecutionId { get; set; }

    public string? Id { get; set; }

    public string? LockExpirationTime { get; set; }

    public string? CreateTime { get; set; }

    public string? ProcessDefinitionId { get; set; }

    public string? ProcessDefinitionKey { get; set; }

    public string? ProcessDefinitionVersionTag { get; set; }

    public string? ProcessInstanceId { get; set; }

    public int? Retries { get; set; }

    public bool Suspended { get; set; }

    public string? WorkerId { get; set; }

    public string? TopicName { get; set; }

    public string? TenantId { get; set; }

    public VariableMapOutput Variables { get; set; } = VariableMapOutput.Empty;

    public long Priority { get; set; }

    public string? BusinessKey { get; set; }

    public Dictionary<string, string> ExtensionProperties { get; set; } = [];
}

/// <summary>A task as <c>GET /external-task/{id}</c> and the queries return it.</summary>
internal sealed class ExternalTaskDto
{
    public string? ActivityId { get; set; }

    public string? ActivityInstanceId { get; set; }

    public string? ErrorMessage { get; set; }

    public string? ExecutionId { get; set; }

    public string? Id { get; set; }

    public string? LockExpirationTime { get; set; }

    public string? CreateTime { get; set; }

    public string? ProcessDefinitionId { get; set; }

    public string? ProcessDefinitionKey { get; set; }

    public string? ProcessDefinitionVersionTag { get; set; }

    public string? ProcessInstanceId { get; set; }

    public int? Retries { get; set; }

    public bool Suspended { get; set; }

    public string? WorkerId { get; set; }

    public string? TopicName { get; set; }

    public string? TenantId { get; set; }

    public long Priority { get; set; }

    public string? BusinessKey { get; set; }
}

internal sealed class CountResultDto
{
    public long Count { get; set; }
}

internal sealed class IncidentDto
{
    public string? Id { get; set; }

    public string? ProcessDefinitionId { get; set; }

    public string? ProcessInstanceId { get; set; }

    public string? ExecutionId { get; set; }

    public string? IncidentTimestamp { get; set; }

    public string? IncidentType { get; set; }

    public string? ActivityId { get; set; }

    public string? FailedActivityId { get; set; }

    public string? CauseIncidentId { get; set; }

    public string? RootCauseIncidentId { get; set; }

    public string? Configuration { get; set; }

    public string? TenantId { get; set; }

    public string? IncidentMessage { get; set; }

    public string? JobDefinitionId { get; set; }

    public string? Annotation { get; set; }
}
