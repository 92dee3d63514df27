using Bptl.Sandbox.Contracts;
using Bptl.Sandbox.Time;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Engine;

/// <summary>Snapshots engine objects into wire DTOs. Called under the engine lock.</summary>
internal sealed class DtoMapper(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public string? Date(DateTimeOffset? value) => value is { } v ? CamundaDateFormat.Format(v, Zone) : null;

    public HistoricExternalTaskLogDto TaskLog(ExternalTaskLogEntry entry) => new()
    {
        Id = entry.Id,
        Timestamp = Date(entry.Timestamp),
        ExternalTaskId = entry.ExternalTaskId,
        TopicName = entry.TopicName,
        WorkerId = entry.WorkerId,
        Priority = entry.Priority,
        Retries = entry.Retries,
        ErrorMessage = entry.ErrorMessage,
        ActivityId = entry.ActivityId,
        ActivityInstanceId = entry.ActivityInstanceId,
        ExecutionId = entry.ExecutionId,
        ProcessInstanceId = entry.ProcessInstanceId,
        ProcessDefinitionId = entry.ProcessDefinitionId,
        ProcessDefinitionKey = entry.ProcessDefinitionKey,
        TenantId = entry.TenantId,
        RootProcessInstanceId = entry.ProcessInstanceId,
        CreationLog = entry.Kind == ExternalTaskLogKind.Creation,
        FailureLog = entry.Kind == ExternalTaskLogKind.Failure,
        SuccessLog = entry.Kind == ExternalTaskLogKind.Success,
        DeletionLog = entry.Kind == ExternalTaskLogKind.Deletion,
    };

    public LockedExternalTaskDto LockedTask(ExternalTask task, TopicFetch topic)
    {
        var instance = task.Instance;
        var definition = instance.Definition;
        var variables = topic.Variables is { Count: 0 }
            ? []
            : topic.LocalVariables
                ? VariableScopes.Local(task.Execution, task.ScopeVariables, topic.Variables)
                : VariableScopes.Visible(task.Execution, task.ScopeVariables, topic.Variables);
        return new LockedExternalTaskDto
        {
            ActivityId = task.Node.Id,
            ActivityInstanceId = task.ActivityInstanceId,
            ErrorMessage = task.ErrorMessage,
            ErrorDetails = task.ErrorDetails,
            ExecutionId = task.ExecutionId,
            Id = task.Id,
            LockExpirationTime = Date(task.LockExpirationTime),
            CreateTime = Date(task.CreateTime),
            ProcessDefinitionId = definition.Id,
            ProcessDefinitionKey = definition.Key,
            ProcessDefinitionVersionTag = definition.Model.VersionTag,
            ProcessInstanceId = instance.Id,
            Retries = task.Retries,
            Suspended = false,
            WorkerId = task.WorkerId,
            TopicName = task.TopicName,
            TenantId = instance.TenantId,
            Variables = variables.Count == 0 ? VariableMapOutput.Empty : new VariableMapOutput(variables, topic.DeserializeValues, Zone),
            Priority = task.Priority,
            BusinessKey = instance.BusinessKey,
            ExtensionProperties = topic.IncludeExtensionProperties && task.Node.ExtensionProperties.Count > 0
                ? new Dictionary<string, string>(task.Node.ExtensionProperties)
                : [],
        };
    }

    public ExternalTaskDto ExternalTask(ExternalTask task)
    {
        var instance = task.Instance;
        var definition = instance.Definition;
        return new ExternalTaskDto
        {
            ActivityId = task.Node.Id,
            ActivityInstanceId = task.ActivityInstanceId,
            ErrorMessage = task.ErrorMessage,
            ExecutionId = task.ExecutionId,
            Id = task.Id,
            LockExpirationTime = Date(task.LockExpirationTime),
            CreateTime = Date(task.CreateTime),
            ProcessDefinitionId = definition.Id,
            ProcessDefinitionKey = definition.Key,
            ProcessDefinitionVersionTag = definition.Model.VersionTag,
            ProcessInstanceId = instance.Id,
            Retries = task.Retries,
            Suspended = task.Suspended,
            WorkerId = task.WorkerId,
            TopicName = task.TopicName,
            TenantId = instance.TenantId,
            Priority = task.Priority,
            BusinessKey = instance.BusinessKey,
        };
    }

    public IncidentDto Incident(Incident incident) => new()
    {
        Id = incident.Id,
        ProcessDefinitionId = incident.ProcessDefinitionId,
        ProcessInstanceId = incident.ProcessInstanceId,
        ExecutionId = incident.ExecutionId,
        IncidentTimestamp = Date(incident.Timestamp),
        IncidentType = incident.IncidentType,
        ActivityId = incident.ActivityId,
        FailedActivityId = null,
        CauseIncidentId = incident.Id,
        RootCauseIncidentId = incident.Id,
        Configuration = incident.Configuration,
        TenantId = incident.TenantId,
        IncidentMessage = incident.Message,
        JobDefinitionId = null,
        Annotation = null,
    };

    public static ProcessDefinitionDto Definition(ProcessDefinition definition) => new()
    {
        Id = definition.Id,
        Key = definition.Key,
        Category = definition.Category,
        Description = definition.Model.Documentation,
        Name = definition.Model.Name,
        Version = definition.Version,
        Resource = definition.ResourceName,
        DeploymentId = definition.DeploymentId,
        Diagram = null,
        Suspended = definition.Suspended,
        TenantId = definition.TenantId,
        VersionTag = definition.Model.VersionTag,
        HistoryTimeToLive = definition.Model.HistoryTimeToLive,
        StartableInTasklist = definition.Model.IsStartableInTasklist,
    };

    public static ProcessInstanceDto Instance(ProcessInstance instance, string baseUri) => new()
    {
        Links = [SelfLink(baseUri, "process-instance/" + instance.Id)],
        Id = instance.Id,
        DefinitionId = instance.Definition.Id,
        DefinitionKey = instance.Definition.Key,
        BusinessKey = instance.BusinessKey,
        CaseInstanceId = null,
        Ended = instance.IsEnded,
        Suspended = instance.Suspended,
        TenantId = instance.TenantId,
    };

    public HistoricProcessInstanceDto Historic(HistoricProcessInstance history) => new()
    {
        Id = history.Id,
        BusinessKey = history.BusinessKey,
        ProcessDefinitionId = history.Definition.Id,
        ProcessDefinitionKey = history.Definition.Key,
        ProcessDefinitionName = history.Definition.Model.Name,
        ProcessDefinitionVersion = history.Definition.Version,
        StartTime = Date(history.StartTime),
        EndTime = Date(history.EndTime),
        RemovalTime = null,
        DurationInMillis = history.EndTime is { } end ? (long)(end - history.StartTime).TotalMilliseconds : null,
        StartUserId = null,
        StartActivityId = history.StartActivityId,
        DeleteReason = history.DeleteReason,
        RootProcessInstanceId = history.Id,
        SuperProcessInstanceId = null,
        SuperCaseInstanceId = null,
        CaseInstanceId = null,
        TenantId = history.Definition.TenantId,
        State = history.State,
        RestartedProcessInstanceId = null,
    };

    public static LinkDto SelfLink(string baseUri, string path) => new() { Method = "GET", Href = baseUri + "/" + path, Rel = "self" };
}
