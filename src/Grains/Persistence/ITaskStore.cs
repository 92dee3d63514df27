using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Tasks;

namespace Bptl.Grains.Persistence;

/// <summary>
/// The task grains' durable state. Every method that changes an activation's row takes its <see cref="TaskFence"/>
/// and returns false when the fence no longer matches (a newer activation took over): the caller then drops what
/// it was doing. Implementations may batch calls from many activations into one round trip.
/// </summary>
public interface ITaskStore
{
    /// <summary>
    /// Stores the tasks of one fetch, idempotently on (engine, task id): a task delivered again updates its grain
    /// (a new activation) instead of creating a second one. The first <see cref="IngestBatch.StartHere"/> new or
    /// re-delivered tasks are claimed by the fetching silo at once (state Running, owner the silo); the others
    /// become Available for any silo. A re-delivered task whose outcome is already persisted keeps it (state
    /// Reporting, owned by the fetching silo) so it is reported, not run again. Returns every stored row.
    /// </summary>
    Task<IReadOnlyList<TaskRecord>> IngestAsync(IngestBatch batch, CancellationToken cancellationToken);

    /// <summary>Claims up to <paramref name="limit"/> Available tasks of a topic for <paramref name="silo"/> (FOR UPDATE SKIP LOCKED).</summary>
    Task<IReadOnlyList<TaskRecord>> ClaimAsync(Guid silo, TopicKey topic, int limit, TimeSpan leaseGrace, CancellationToken cancellationToken);

    /// <summary>Claims reports whose owner is gone (rescued or re-delivered rows) and that are due.</summary>
    Task<IReadOnlyList<TaskRecord>> ClaimReportsAsync(Guid silo, int limit, CancellationToken cancellationToken);

    /// <summary>Records an extended engine lock; the activation lease follows it.</summary>
    Task<bool> RecordLockExtendedAsync(TaskFence fence, DateTimeOffset lockExpiresAt, TimeSpan leaseGrace, CancellationToken cancellationToken);

    /// <summary>Persists the outcome (state Reporting) before it is reported.</summary>
    Task<bool> PersistOutcomeAsync(TaskFence fence, TaskOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Replaces a persisted outcome the engine refused (a completion it cannot take) before reporting it again.</summary>
    Task<bool> ReplaceOutcomeAsync(TaskFence fence, TaskOutcome outcome, CancellationToken cancellationToken);

    /// <summary>
    /// Records the engine's acknowledgement or definitive answer to a report: the grain settles in <paramref name="state"/>.
    /// With <paramref name="callback"/>, a completion also makes its completion callback due, in the same write.
    /// </summary>
    Task<bool> RecordReportedAsync(TaskFence fence, TaskGrainState state, string? detail, bool callback, CancellationToken cancellationToken);

    /// <summary>Records a failed report attempt; the report is due again at <paramref name="nextAttempt"/>.</summary>
    Task<bool> RecordReportFailedAsync(TaskFence fence, string error, DateTimeOffset nextAttempt, CancellationToken cancellationToken);

    /// <summary>
    /// Settles an activation without a report: Lost (the engine lock was lost), Released (unlocked at shutdown),
    /// Gone (the engine no longer has the task), or Available (handed back for another silo).
    /// </summary>
    Task<bool> SettleAsync(TaskFence fence, TaskGrainState state, string reason, CancellationToken cancellationToken);

    /// <summary>Saves the work unit's checkpoint (JSON; null clears it) for a running activation.</summary>
    Task<bool> SaveCheckpointAsync(TaskFence fence, string? checkpoint, CancellationToken cancellationToken);

    /// <summary>Claims up to <paramref name="limit"/> due completion callbacks (any silo's), each for <paramref name="lease"/>.</summary>
    Task<IReadOnlyList<CallbackDue>> ClaimCallbacksAsync(int limit, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Ends a claimed callback attempt: <paramref name="next"/> null when it is done (sent or given up), otherwise when it is due again.</summary>
    Task FinishCallbackAsync(long id, int attempts, DateTimeOffset? next, CancellationToken cancellationToken);

    /// <summary>Appends an event (<paramref name="detail"/> is a JSON object) to the task's timeline.</summary>
    Task AppendEventAsync(TaskFence fence, string kind, string detail, CancellationToken cancellationToken);
}
