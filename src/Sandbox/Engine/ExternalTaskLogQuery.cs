namespace Bptl.Sandbox.Engine;

/// <summary>Filters of <c>GET /history/external-task-log</c>; unset ones match everything.</summary>
internal sealed class ExternalTaskLogQuery
{
    public string? ExternalTaskId { get; init; }

    public string? TopicName { get; init; }

    public string? WorkerId { get; init; }

    public string? ProcessInstanceId { get; init; }

    public string? ActivityId { get; init; }

    public bool CreationLog { get; init; }

    public bool FailureLog { get; init; }

    public bool SuccessLog { get; init; }

    public bool DeletionLog { get; init; }

    public int? FirstResult { get; init; }

    public int? MaxResults { get; init; }

    public List<ExternalTaskLogEntry> Execute(ExternalTaskLog log, bool paged = true)
    {
        var result = new List<ExternalTaskLogEntry>();
        foreach (var e in log.Entries(ExternalTaskId))
        {
            if ((TopicName is null || e.TopicName == TopicName)
                && (WorkerId is null || e.WorkerId == WorkerId)
                && (ProcessInstanceId is null || e.ProcessInstanceId == ProcessInstanceId)
                && (ActivityId is null || e.ActivityId == ActivityId)
                && (!CreationLog || e.Kind == ExternalTaskLogKind.Creation)
                && (!FailureLog || e.Kind == ExternalTaskLogKind.Failure)
                && (!SuccessLog || e.Kind == ExternalTaskLogKind.Success)
                && (!DeletionLog || e.Kind == ExternalTaskLogKind.Deletion))
            {
                result.Add(e);
            }
        }

        result.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        if (!paged)
        {
            return result;
        }

        var first = Math.Max(FirstResult ?? 0, 0);
        var max = MaxResults ?? int.MaxValue;
        return first >= result.Count ? [] : result.GetRange(first, Math.Min(max, result.Count - first));
    }
}
