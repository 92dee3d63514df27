using Bptl.Grains.Interfaces.Grains;
using Bptl.Variables;

namespace Bptl.Grains.Persistence;

/// <summary>One fetched task, as ingestion stores it.</summary>
/// <param name="TaskId">The external task id.</param>
/// <param name="LockExpiresAt">The lock expiry the engine answered.</param>
/// <param name="Retries">The engine's retries (null before any failure).</param>
/// <param name="Priority">The engine priority.</param>
/// <param name="ProcessInstanceId">The process instance.</param>
/// <param name="ProcessDefinitionKey">The process definition key.</param>
/// <param name="ActivityId">The BPMN activity.</param>
/// <param name="BusinessKey">The business key.</param>
/// <param name="TenantId">The tenant.</param>
/// <param name="Variables">The fetched variables.</param>
public sealed record FetchedTask(
    string TaskId,
    DateTimeOffset LockExpiresAt,
    int? Retries,
    long Priority,
    string? ProcessInstanceId,
    string? ProcessDefinitionKey,
    string? ActivityId,
    string? BusinessKey,
    string? TenantId,
    VariableMap Variables);

/// <summary>The tasks of one fetch, to be stored as task grains.</summary>
public sealed record IngestBatch
{
    /// <summary>The topic fetched.</summary>
    public required TopicKey Topic { get; init; }

    /// <summary>The work unit the topic maps to.</summary>
    public required string WorkUnit { get; init; }

    /// <summary>The worker id of the fetch: the engine lock belongs to it.</summary>
    public required string WorkerId { get; init; }

    /// <summary>The lock duration the fetch asked for.</summary>
    public required TimeSpan LockDuration { get; init; }

    /// <summary>The silo that fetched.</summary>
    public required Guid Silo { get; init; }

    /// <summary>How many of the tasks the fetching silo starts at once (it reserved that many slots).</summary>
    public required int StartHere { get; init; }

    /// <summary>How long an activation lease lasts beyond the engine lock.</summary>
    public required TimeSpan LeaseGrace { get; init; }

    /// <summary>The tasks.</summary>
    public required IReadOnlyList<FetchedTask> Tasks { get; init; }
}
