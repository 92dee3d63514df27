using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Tasks;
using Bptl.Variables;

namespace Bptl.Grains.Persistence;

/// <summary>A task grain's persisted state, as an activation or a report reads it.</summary>
public sealed record TaskRecord
{
    /// <summary>The row's id.</summary>
    public required long Id { get; init; }

    /// <summary>The grain's identity.</summary>
    public required TaskGrainKey Key { get; init; }

    /// <summary>The topic.</summary>
    public required string Topic { get; init; }

    /// <summary>The work unit the topic mapped to when the task was fetched.</summary>
    public required string WorkUnit { get; init; }

    /// <summary>The state.</summary>
    public required TaskGrainState State { get; init; }

    /// <summary>The silo owning the current activation, if any.</summary>
    public Guid? Owner { get; init; }

    /// <summary>The activation number: the fencing token of every write.</summary>
    public required long Activation { get; init; }

    /// <summary>How many times the engine delivered the task.</summary>
    public required int Delivery { get; init; }

    /// <summary>The try: 1, then one more after each reported failure with retries left.</summary>
    public required int Attempt { get; init; }

    /// <summary>The worker id the engine lock belongs to.</summary>
    public required string WorkerId { get; init; }

    /// <summary>The engine lock duration the task was fetched with; lock keeping extends by it.</summary>
    public required TimeSpan LockDuration { get; init; }

    /// <summary>When the engine lock expires, as last known.</summary>
    public required DateTimeOffset LockExpiresAt { get; init; }

    /// <summary>The engine's retries when the task was fetched (null before any failure).</summary>
    public int? EngineRetries { get; init; }

    /// <summary>The engine priority.</summary>
    public long Priority { get; init; }

    /// <summary>The process instance.</summary>
    public string? ProcessInstanceId { get; init; }

    /// <summary>The process definition key.</summary>
    public string? ProcessDefinitionKey { get; init; }

    /// <summary>The BPMN activity.</summary>
    public string? ActivityId { get; init; }

    /// <summary>The business key.</summary>
    public string? BusinessKey { get; init; }

    /// <summary>The tenant.</summary>
    public string? TenantId { get; init; }

    /// <summary>The variables fetched with the task.</summary>
    public required VariableMap Variables { get; init; }

    /// <summary>The persisted outcome, once there is one.</summary>
    public TaskOutcome? Outcome { get; init; }

    /// <summary>Failed report attempts of the current outcome.</summary>
    public int ReportAttempts { get; init; }

    /// <summary>How many times the maintenance rescued an activation of this task.</summary>
    public int Rescues { get; init; }

    /// <summary>The work unit's saved checkpoint (JSON), kept across deliveries; null when none.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>The fence of this record's activation, for <paramref name="silo"/>.</summary>
    public TaskFence FenceFor(Guid silo) => new(Id, silo, Activation);
}
