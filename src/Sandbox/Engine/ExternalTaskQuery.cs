using Bptl.Sandbox.Contracts;
using Bptl.Sandbox.Time;

namespace Bptl.Sandbox.Engine;

/// <summary><c>GET|POST /external-task</c> and <c>/count</c>: filters, sorting and pagination.</summary>
internal sealed class ExternalTaskQuery
{
    private static readonly Dictionary<string, Func<ExternalTask, IComparable?>> SortKeys = new(StringComparer.Ordinal)
    {
        ["id"] = t => t.Id,
        ["lockExpirationTime"] = t => t.LockExpirationTime,
        ["processInstanceId"] = t => t.Instance.Id,
        ["processDefinitionId"] = t => t.Instance.Definition.Id,
        ["processDefinitionKey"] = t => t.Instance.Definition.Key,
        ["taskPriority"] = t => t.Priority,
        ["tenantId"] = t => t.Instance.TenantId,
        ["createTime"] = t => t.Sequence,
    };

    private readonly ExternalTaskQueryDto _dto;
    private readonly List<SortKey<ExternalTask>> _sorting;
    private readonly DateTimeOffset? _lockExpirationAfter;
    private readonly DateTimeOffset? _lockExpirationBefore;

    public ExternalTaskQuery(ExternalTaskQueryDto dto, string? sortBy, string? sortOrder)
    {
        _dto = dto;
        _sorting = [];
        if (QuerySupport.ParseSort(sortBy, sortOrder, SortKeys) is { } single)
        {
            _sorting.Add(single);
        }

        foreach (var entry in dto.Sorting ?? [])
        {
            if (QuerySupport.ParseSort(entry?.SortBy, entry?.SortOrder, SortKeys) is { } key)
            {
                _sorting.Add(key);
            }
        }

        _lockExpirationAfter = ParseDate("lockExpirationAfter", dto.LockExpirationAfter);
        _lockExpirationBefore = ParseDate("lockExpirationBefore", dto.LockExpirationBefore);
    }

    public List<ExternalTask> Execute(EngineState state, DateTimeOffset now, int? firstResult, int? maxResults)
    {
        var ids = QuerySupport.SetOf(_dto.ExternalTaskIdIn);
        var activities = QuerySupport.SetOf(_dto.ActivityIdIn);
        var instances = QuerySupport.SetOf(_dto.ProcessInstanceIdIn);
        var tenants = QuerySupport.SetOf(_dto.TenantIdIn);
        var matches = new List<ExternalTask>();
        foreach (var task in state.Tasks.All)
        {
            if (Matches(task, now, ids, activities, instances, tenants))
            {
                matches.Add(task);
            }
        }

        matches.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return QuerySupport.SortAndPage(matches, _sorting, firstResult, maxResults);
    }

    private bool Matches(ExternalTask task, DateTimeOffset now, HashSet<string>? ids, HashSet<string>? activities, HashSet<string>? instances, HashSet<string>? tenants)
    {
        var d = _dto;
        var locked = task.LockExpirationTime is { } expiry && expiry > now;
        return Eq(d.ExternalTaskId, task.Id) && QuerySupport.In(ids, task.Id)
            && Eq(d.TopicName, task.TopicName) && Eq(d.WorkerId, task.WorkerId)
            && (d.Locked != true || locked) && (d.NotLocked != true || !locked)
            && (d.WithRetriesLeft != true || task.HasRetriesLeft) && (d.NoRetriesLeft != true || task.Retries == 0)
            && (_lockExpirationAfter is null || (task.LockExpirationTime is { } a && a > _lockExpirationAfter))
            && (_lockExpirationBefore is null || (task.LockExpirationTime is { } b && b < _lockExpirationBefore))
            && Eq(d.ActivityId, task.Node.Id) && QuerySupport.In(activities, task.Node.Id)
            && Eq(d.ExecutionId, task.ExecutionId)
            && Eq(d.ProcessInstanceId, task.Instance.Id) && QuerySupport.In(instances, task.Instance.Id)
            && Eq(d.ProcessDefinitionId, task.Instance.Definition.Id) && QuerySupport.In(tenants, task.Instance.TenantId)
            && (d.Active != true || !task.Suspended) && (d.Suspended != true || task.Suspended)
            && (d.PriorityHigherThanOrEquals is not { } low || task.Priority >= low)
            && (d.PriorityLowerThanOrEquals is not { } high || task.Priority <= high);
    }

    private static bool Eq(string? filter, string? value) => filter is null || string.Equals(filter, value, StringComparison.Ordinal);

    private static DateTimeOffset? ParseDate(string name, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return CamundaDateFormat.TryParse(text, out var value) ? value : throw Errors.InvalidQueryParameter(name, text);
    }
}
