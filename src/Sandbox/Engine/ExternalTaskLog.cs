namespace Bptl.Sandbox.Engine;

/// <summary>What a log entry records, as Camunda's historic external-task log flags it.</summary>
internal enum ExternalTaskLogKind
{
    Creation,
    Failure,
    Success,
    Deletion,
}

/// <summary>One entry of the external-task log.</summary>
internal sealed class ExternalTaskLogEntry
{
    public required string Id { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required ExternalTaskLogKind Kind { get; init; }

    public required string ExternalTaskId { get; init; }

    public required string TopicName { get; init; }

    public string? WorkerId { get; init; }

    public int? Retries { get; init; }

    public long Priority { get; init; }

    public string? ErrorMessage { get; init; }

    public required string ActivityId { get; init; }

    public required string ActivityInstanceId { get; init; }

    public required string ExecutionId { get; init; }

    public required string ProcessInstanceId { get; init; }

    public required string ProcessDefinitionId { get; init; }

    public required string ProcessDefinitionKey { get; init; }

    public string? TenantId { get; init; }
}

/// <summary>
/// Camunda's historic external-task log (history level full): a task's creation, its failures, and its end as a
/// success (complete) or a deletion (a BPMN error, a cancelled instance, a path that moved on). Clients read it to
/// learn what became of a task whose answer they lost. Guarded by <see cref="EngineState.Gate"/>.
/// </summary>
internal sealed class ExternalTaskLog
{
    private readonly Dictionary<string, List<ExternalTaskLogEntry>> _byTask = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public void Record(ExternalTask task, ExternalTaskLogKind kind, DateTimeOffset now)
    {
        var instance = task.Instance;
        var entry = new ExternalTaskLogEntry
        {
            Id = EngineContext.NewId(),
            Timestamp = now,
            Kind = kind,
            ExternalTaskId = task.Id,
            TopicName = task.TopicName,
            WorkerId = task.WorkerId,
            Retries = task.Retries,
            Priority = task.Priority,
            ErrorMessage = kind == ExternalTaskLogKind.Failure ? task.ErrorMessage : null,
            ActivityId = task.Node.Id,
            ActivityInstanceId = task.ActivityInstanceId,
            ExecutionId = task.ExecutionId,
            ProcessInstanceId = instance.Id,
            ProcessDefinitionId = instance.Definition.Id,
            ProcessDefinitionKey = instance.Definition.Key,
            TenantId = instance.TenantId,
        };
        if (!_byTask.TryGetValue(task.Id, out var entries))
        {
            entries = new List<ExternalTaskLogEntry>(2);
            _byTask.Add(task.Id, entries);
        }

        entries.Add(entry);
        Count++;
    }

    public IEnumerable<ExternalTaskLogEntry> Entries(string? externalTaskId) =>
        externalTaskId is null
            ? _byTask.Values.SelectMany(e => e)
            : _byTask.TryGetValue(externalTaskId, out var entries) ? entries : [];
}
