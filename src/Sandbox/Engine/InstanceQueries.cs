namespace Bptl.Sandbox.Engine;

/// <summary><c>GET /process-instance</c> and <c>/count</c> over running instances.</summary>
internal sealed class ProcessInstanceQuery
{
    private static readonly Dictionary<string, Func<ProcessInstance, IComparable?>> SortKeys = new(StringComparer.Ordinal)
    {
        ["instanceId"] = i => i.Id,
        ["definitionKey"] = i => i.Definition.Key,
        ["definitionId"] = i => i.Definition.Id,
        ["tenantId"] = i => i.TenantId,
        ["businessKey"] = i => i.BusinessKey,
    };

    public HashSet<string>? ProcessInstanceIds { get; init; }

    public string? BusinessKey { get; init; }

    public string? BusinessKeyLike { get; init; }

    public string? ProcessDefinitionKey { get; init; }

    public string? ProcessDefinitionId { get; init; }

    public bool Active { get; init; }

    public bool Suspended { get; init; }

    public HashSet<string>? TenantIdIn { get; init; }

    public bool WithoutTenantId { get; init; }

    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }

    public int? FirstResult { get; init; }

    public int? MaxResults { get; init; }

    public List<ProcessInstance> Execute(EngineState state, bool paged = true)
    {
        var sort = QuerySupport.ParseSort(SortBy, SortOrder, SortKeys);
        var result = new List<ProcessInstance>();
        foreach (var instance in state.Instances.Values)
        {
            if (QuerySupport.In(ProcessInstanceIds, instance.Id)
                && Eq(BusinessKey, instance.BusinessKey)
                && (BusinessKeyLike is null || SqlLike.Matches(instance.BusinessKey, BusinessKeyLike))
                && Eq(ProcessDefinitionKey, instance.Definition.Key)
                && Eq(ProcessDefinitionId, instance.Definition.Id)
                && (!Active || !instance.Suspended) && (!Suspended || instance.Suspended)
                && QuerySupport.In(TenantIdIn, instance.TenantId) && (!WithoutTenantId || instance.TenantId is null))
            {
                result.Add(instance);
            }
        }

        result.Sort((a, b) => a.History.Sequence.CompareTo(b.History.Sequence));
        return paged ? QuerySupport.SortAndPage(result, sort is { } s ? [s] : [], FirstResult, MaxResults) : result;
    }

    private static bool Eq(string? filter, string? value) => filter is null || string.Equals(filter, value, StringComparison.Ordinal);
}

/// <summary><c>GET /history/process-instance</c> and <c>/count</c>.</summary>
internal sealed class HistoricProcessInstanceQuery
{
    private static readonly Dictionary<string, Func<HistoricProcessInstance, IComparable?>> SortKeys = new(StringComparer.Ordinal)
    {
        ["instanceId"] = h => h.Id,
        ["definitionId"] = h => h.Definition.Id,
        ["definitionKey"] = h => h.Definition.Key,
        ["definitionName"] = h => h.Definition.Model.Name,
        ["definitionVersion"] = h => h.Definition.Version,
        ["businessKey"] = h => h.BusinessKey,
        ["startTime"] = h => h.StartTime,
        ["endTime"] = h => h.EndTime,
        ["duration"] = h => h.EndTime is { } end ? end - h.StartTime : null,
        ["tenantId"] = h => h.Definition.TenantId,
    };

    public string? ProcessInstanceId { get; init; }

    public HashSet<string>? ProcessInstanceIds { get; init; }

    public string? BusinessKey { get; init; }

    public string? ProcessDefinitionId { get; init; }

    public string? ProcessDefinitionKey { get; init; }

    public bool Finished { get; init; }

    public bool Unfinished { get; init; }

    public bool Completed { get; init; }

    public bool ExternallyTerminated { get; init; }

    public bool InternallyTerminated { get; init; }

    public bool Active { get; init; }

    public HashSet<string>? TenantIdIn { get; init; }

    public bool WithoutTenantId { get; init; }

    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }

    public int? FirstResult { get; init; }

    public int? MaxResults { get; init; }

    public List<HistoricProcessInstance> Execute(EngineState state, bool paged = true)
    {
        var sort = QuerySupport.ParseSort(SortBy, SortOrder, SortKeys);
        var result = new List<HistoricProcessInstance>();
        foreach (var h in state.History.Values)
        {
            if (Eq(ProcessInstanceId, h.Id) && QuerySupport.In(ProcessInstanceIds, h.Id)
                && Eq(BusinessKey, h.BusinessKey) && Eq(ProcessDefinitionId, h.Definition.Id) && Eq(ProcessDefinitionKey, h.Definition.Key)
                && (!Finished || h.EndTime is not null) && (!Unfinished || h.EndTime is null)
                && (!Completed || h.State == HistoricStates.Completed)
                && (!ExternallyTerminated || h.State == HistoricStates.ExternallyTerminated)
                && (!InternallyTerminated || h.State == HistoricStates.InternallyTerminated)
                && (!Active || h.State == HistoricStates.Active)
                && QuerySupport.In(TenantIdIn, h.Definition.TenantId) && (!WithoutTenantId || h.Definition.TenantId is null))
            {
                result.Add(h);
            }
        }

        result.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return paged ? QuerySupport.SortAndPage(result, sort is { } s ? [s] : [], FirstResult, MaxResults) : result;
    }

    private static bool Eq(string? filter, string? value) => filter is null || string.Equals(filter, value, StringComparison.Ordinal);
}

/// <summary><c>GET /incident</c> and <c>/count</c>.</summary>
internal sealed class IncidentQuery
{
    private static readonly Dictionary<string, Func<Incident, IComparable?>> SortKeys = new(StringComparer.Ordinal)
    {
        ["incidentId"] = i => i.Id,
        ["incidentMessage"] = i => i.Message,
        ["incidentTimestamp"] = i => i.Timestamp,
        ["incidentType"] = i => i.IncidentType,
        ["executionId"] = i => i.ExecutionId,
        ["activityId"] = i => i.ActivityId,
        ["processInstanceId"] = i => i.ProcessInstanceId,
        ["processDefinitionId"] = i => i.ProcessDefinitionId,
        ["configuration"] = i => i.Configuration,
        ["tenantId"] = i => i.TenantId,
    };

    public string? IncidentId { get; init; }

    public string? IncidentType { get; init; }

    public string? IncidentMessage { get; init; }

    public string? ProcessDefinitionId { get; init; }

    public string? ProcessInstanceId { get; init; }

    public string? ExecutionId { get; init; }

    public string? ActivityId { get; init; }

    public string? Configuration { get; init; }

    public HashSet<string>? TenantIdIn { get; init; }

    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }

    public int? FirstResult { get; init; }

    public int? MaxResults { get; init; }

    public List<Incident> Execute(EngineState state, bool paged = true)
    {
        var sort = QuerySupport.ParseSort(SortBy, SortOrder, SortKeys);
        var result = new List<Incident>();
        foreach (var i in state.Incidents.Values)
        {
            if (Eq(IncidentId, i.Id) && Eq(IncidentType, i.IncidentType) && Eq(IncidentMessage, i.Message)
                && Eq(ProcessDefinitionId, i.ProcessDefinitionId) && Eq(ProcessInstanceId, i.ProcessInstanceId)
                && Eq(ExecutionId, i.ExecutionId) && Eq(ActivityId, i.ActivityId) && Eq(Configuration, i.Configuration)
                && QuerySupport.In(TenantIdIn, i.TenantId))
            {
                result.Add(i);
            }
        }

        result.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return paged ? QuerySupport.SortAndPage(result, sort is { } s ? [s] : [], FirstResult, MaxResults) : result;
    }

    private static bool Eq(string? filter, string? value) => filter is null || string.Equals(filter, value, StringComparison.Ordinal);
}
