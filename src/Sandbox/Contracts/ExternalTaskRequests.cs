using System.Text.Json;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Contracts;

// Request bodies of the external-task endpoints. Java primitives are nullable here so that a
// missing or null value becomes the Java default (0/false) instead of a deserialization error.

internal sealed class FetchExternalTasksDto
{
    public string? WorkerId { get; set; }

    public int? MaxTasks { get; set; }

    public bool? UsePriority { get; set; }

    public long? AsyncResponseTimeout { get; set; }

    public List<FetchTopicDto?>? Topics { get; set; }

    public List<SortingDto?>? Sorting { get; set; }

    public bool? IncludeExtensionProperties { get; set; }
}

internal sealed class FetchTopicDto
{
    public string? TopicName { get; set; }

    public long? LockDuration { get; set; }

    public List<string>? Variables { get; set; }

    public bool? LocalVariables { get; set; }

    public bool? DeserializeValues { get; set; }

    public bool? IncludeExtensionProperties { get; set; }

    public string? BusinessKey { get; set; }

    public string? ProcessDefinitionId { get; set; }

    public List<string>? ProcessDefinitionIdIn { get; set; }

    public string? ProcessDefinitionKey { get; set; }

    public List<string>? ProcessDefinitionKeyIn { get; set; }

    public string? ProcessDefinitionVersionTag { get; set; }

    public List<string>? TenantIdIn { get; set; }

    public bool? WithoutTenantId { get; set; }

    public Dictionary<string, JsonElement>? ProcessVariables { get; set; }
}

internal sealed class SortingDto
{
    public string? SortBy { get; set; }

    public string? SortOrder { get; set; }
}

internal sealed class CompleteExternalTaskDto
{
    public string? WorkerId { get; set; }

    public Dictionary<string, VariableValueDto?>? Variables { get; set; }

    public Dictionary<string, VariableValueDto?>? LocalVariables { get; set; }
}

internal sealed class ExternalTaskFailureDto
{
    public string? WorkerId { get; set; }

    public string? ErrorMessage { get; set; }

    public string? ErrorDetails { get; set; }

    public int? Retries { get; set; }

    public long? RetryTimeout { get; set; }

    public Dictionary<string, VariableValueDto?>? Variables { get; set; }

    public Dictionary<string, VariableValueDto?>? LocalVariables { get; set; }
}

internal sealed class ExternalTaskBpmnErrorDto
{
    public string? WorkerId { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public Dictionary<string, VariableValueDto?>? Variables { get; set; }
}

internal sealed class ExtendLockDto
{
    public string? WorkerId { get; set; }

    public long? NewDuration { get; set; }
}

internal sealed class LockExternalTaskDto
{
    public string? WorkerId { get; set; }

    public long? LockDuration { get; set; }
}

internal sealed class RetriesDto
{
    public int? Retries { get; set; }
}

internal sealed class SetRetriesForExternalTasksDto
{
    public int? Retries { get; set; }

    public List<string>? ExternalTaskIds { get; set; }

    public List<string>? ProcessInstanceIds { get; set; }
}

internal sealed class PriorityDto
{
    public long? Priority { get; set; }
}

/// <summary>The JSON body of <c>POST /external-task</c> and <c>POST /external-task/count</c>.</summary>
internal sealed class ExternalTaskQueryDto
{
    public string? ExternalTaskId { get; set; }

    public List<string>? ExternalTaskIdIn { get; set; }

    public string? TopicName { get; set; }

    public string? WorkerId { get; set; }

    public bool? Locked { get; set; }

    public bool? NotLocked { get; set; }

    public bool? WithRetriesLeft { get; set; }

    public bool? NoRetriesLeft { get; set; }

    public string? LockExpirationAfter { get; set; }

    public string? LockExpirationBefore { get; set; }

    public string? ActivityId { get; set; }

    public List<string>? ActivityIdIn { get; set; }

    public string? ExecutionId { get; set; }

    public string? ProcessInstanceId { get; set; }

    public List<string>? ProcessInstanceIdIn { get; set; }

    public string? ProcessDefinitionId { get; set; }

    public List<string>? TenantIdIn { get; set; }

    public bool? Active { get; set; }

    public bool? Suspended { get; set; }

    public long? PriorityHigherThanOrEquals { get; set; }

    public long? PriorityLowerThanOrEquals { get; set; }

    public List<SortingDto?>? Sorting { get; set; }
}
