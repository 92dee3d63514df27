using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Contracts;

internal sealed class LinkDto
{
    public string? Method { get; set; }

    public string? Href { get; set; }

    public string? Rel { get; set; }
}

internal sealed class StartProcessInstanceDto
{
    public string? BusinessKey { get; set; }

    public Dictionary<string, VariableValueDto?>? Variables { get; set; }

    public string? CaseInstanceId { get; set; }

    public bool? WithVariablesInReturn { get; set; }

    public bool? SkipCustomListeners { get; set; }

    public bool? SkipIoMappings { get; set; }
}

internal sealed class PatchVariablesDto
{
    public Dictionary<string, VariableValueDto?>? Modifications { get; set; }

    public List<string>? Deletions { get; set; }
}

internal sealed class ProcessInstanceDto
{
    public List<LinkDto> Links { get; set; } = [];

    public string? Id { get; set; }

    public string? DefinitionId { get; set; }

    public string? DefinitionKey { get; set; }

    public string? BusinessKey { get; set; }

    public string? CaseInstanceId { get; set; }

    public bool Ended { get; set; }

    public bool Suspended { get; set; }

    public string? TenantId { get; set; }
}

internal sealed class ProcessInstanceWithVariablesDto
{
    public List<LinkDto> Links { get; set; } = [];

    public string? Id { get; set; }

    public string? DefinitionId { get; set; }

    public string? DefinitionKey { get; set; }

    public string? BusinessKey { get; set; }

    public string? CaseInstanceId { get; set; }

    public bool Ended { get; set; }

    public bool Suspended { get; set; }

    public string? TenantId { get; set; }

    public VariableMapOutput Variables { get; set; } = VariableMapOutput.Empty;
}

internal sealed class ProcessDefinitionDto
{
    public string? Id { get; set; }

    public string? Key { get; set; }

    public string? Category { get; set; }

    public string? Description { get; set; }

    public string? Name { get; set; }

    public int Version { get; set; }

    public string? Resource { get; set; }

    public string? DeploymentId { get; set; }

    public string? Diagram { get; set; }

    public bool Suspended { get; set; }

    public string? TenantId { get; set; }

    public string? VersionTag { get; set; }

    public int? HistoryTimeToLive { get; set; }

    public bool StartableInTasklist { get; set; }
}

internal sealed class DeploymentWithDefinitionsDto
{
    public List<LinkDto> Links { get; set; } = [];

    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Source { get; set; }

    public string? DeploymentTime { get; set; }

    public string? TenantId { get; set; }

    public Dictionary<string, ProcessDefinitionDto>? DeployedProcessDefinitions { get; set; }

    public Dictionary<string, object>? DeployedCaseDefinitions { get; set; }

    public Dictionary<string, object>? DeployedDecisionDefinitions { get; set; }

    public Dictionary<string, object>? DeployedDecisionRequirementsDefinitions { get; set; }
}

internal sealed class HistoricProcessInstanceDto
{
    public string? Id { get; set; }

    public string? BusinessKey { get; set; }

    public string? ProcessDefinitionId { get; set; }

    public string? ProcessDefinitionKey { get; set; }

    public string? ProcessDefinitionName { get; set; }

    public int? ProcessDefinitionVersion { get; set; }

    public string? StartTime { get; set; }

    public string? EndTime { get; set; }

    public string? RemovalTime { get; set; }

    public long? DurationInMillis { get; set; }

    public string? StartUserId { get; set; }

    public string? StartActivityId { get; set; }

    public string? DeleteReason { get; set; }

    public string? RootProcessInstanceId { get; set; }

    public string? SuperProcessInstanceId { get; set; }

    public string? SuperCaseInstanceId { get; set; }

    public string? CaseInstanceId { get; set; }

    public string? TenantId { get; set; }

    public string? State { get; set; }

    public string? RestartedProcessInstanceId { get; set; }
}

internal sealed class HistoricExternalTaskLogDto
{
    public string? Id { get; set; }

    public string? Timestamp { get; set; }

    public string? RemovalTime { get; set; }

    public string? ExternalTaskId { get; set; }

    public string? TopicName { get; set; }

    public string? WorkerId { get; set; }

    public long Priority { get; set; }

    public int? Retries { get; set; }

    public string? ErrorMessage { get; set; }

    public string? ActivityId { get; set; }

    public string? ActivityInstanceId { get; set; }

    public string? ExecutionId { get; set; }

    public string? ProcessInstanceId { get; set; }

    public string? ProcessDefinitionId { get; set; }

    public string? ProcessDefinitionKey { get; set; }

    public string? TenantId { get; set; }

    public string? RootProcessInstanceId { get; set; }

    public bool CreationLog { get; set; }

    public bool FailureLog { get; set; }

    public bool SuccessLog { get; set; }

    public bool DeletionLog { get; set; }
}
