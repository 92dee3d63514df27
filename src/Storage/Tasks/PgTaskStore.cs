using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Persistence;
using Bptl.Grains.Tasks;
using Bptl.Storage.Schema;
using Bptl.Variables;
using Npgsql;
using NpgsqlTypes;

namespace Bptl.Storage.Tasks;

/// <summary>
/// Task grains in PostgreSQL. Outcomes and report acknowledgements, the two writes every task makes, go through
/// <see cref="WriteBatcher{TItem}"/>s; the rest are single fenced statements (see the named SQL in <c>Sql/task_*.sql</c>).
/// </summary>
public sealed class PgTaskStore : ITaskStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _db;
    private readonly WriteBatcher<(TaskFence Fence, TaskOutcome Outcome)> _outcomes;
    private readonly WriteBatcher<(TaskFence Fence, TaskGrainState State, string? Detail, bool Callback)> _reports;

    /// <summary>Creates the store on <paramref name="dataSource"/>.</summary>
    public PgTaskStore(NpgsqlDataSource dataSource)
    {
        _db = dataSource;
        _outcomes = new(WriteOutcomesAsync, i => (i.Fence.Id, i.Fence.Activation));
        _reports = new(WriteReportsAsync, i => (i.Fence.Id, i.Fence.Activation));
    }

    /// <summary>How long a report this silo owns may stay overdue before the report scan takes it back.</summary>
    public static readonly TimeSpan StaleReport = TimeSpan.FromMinutes(2);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskRecord>> IngestAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var tasks = batch.Tasks;
        await using var command = _db.CreateCommand(SqlScripts.Get("task_ingest"));
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string>("engine", batch.Topic.Engine));
        p.Add(new NpgsqlParameter<string>("topic", batch.Topic.Topic));
        p.Add(new NpgsqlParameter<string>("work_unit", batch.WorkUnit));
        p.Add(new NpgsqlParameter<string>("worker_id", batch.WorkerId));
        p.Add(new NpgsqlParameter<int>("lock_duration_ms", (int)batch.LockDuration.TotalMilliseconds));
        p.Add(new NpgsqlParameter<Guid>("silo", batch.Silo));
        p.Add(new NpgsqlParameter<int>("start_here", batch.StartHere));
        p.Add(new NpgsqlParameter<TimeSpan>("lease_grace", batch.LeaseGrace));
        p.Add(new NpgsqlParameter<string[]>("task_ids", [.. tasks.Select(t => t.TaskId)]));
        p.Add(new NpgsqlParameter<DateTime[]>("lock_expires", [.. tasks.Select(t => t.LockExpiresAt.UtcDateTime)]));
        p.Add(new NpgsqlParameter<int?[]>("retries", [.. tasks.Select(t => t.Retries)]));
        p.Add(new NpgsqlParameter<long[]>("priorities", [.. tasks.Select(t => t.Priority)]));
        p.Add(Texts("instances", tasks.Select(t => t.ProcessInstanceId)));
        p.Add(Texts("definitions", tasks.Select(t => t.ProcessDefinitionKey)));
        p.Add(Texts("activities", tasks.Select(t => t.ActivityId)));
        p.Add(Texts("business_keys", tasks.Select(t => t.BusinessKey)));
        p.Add(Texts("tenants", tasks.Select(t => t.TenantId)));
        p.Add(Texts("variables", tasks.Select(t => VariableJson.Serialize(t.Variables))));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await TaskRowReader.ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskRecord>> ClaimAsync(Guid silo, TopicKey topic, int limit, TimeSpan leaseGrace, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(SqlScripts.Get("task_claim"));
        command.Parameters.Add(new NpgsqlParameter<Guid>("silo", silo));
        command.Parameters.Add(new NpgsqlParameter<string>("engine", topic.Engine));
        command.Parameters.Add(new NpgsqlParameter<string>("topic", topic.Topic));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease_grace", leaseGrace));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await TaskRowReader.ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskRecord>> ClaimReportsAsync(Guid silo, int limit, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(SqlScripts.Get("task_claim_reports"));
        command.Parameters.Add(new NpgsqlParameter<Guid>("silo", silo));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("stale", StaleReport));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await TaskRowReader.ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The running activations and reports <paramref name="silo"/> owns that have been quiet for <paramref name="quiet"/>.</summary>
    public async Task<IReadOnlyList<TaskRecord>> OwnedAsync(Guid silo, TimeSpan quiet, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(SqlScripts.Get("tasks_owned"));
        command.Parameters.Add(new NpgsqlParameter<Guid>("silo", silo));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("quiet", quiet));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await TaskRowReader.ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> RecordLockExtendedAsync(TaskFence fence, DateTimeOffset lockExpiresAt, TimeSpan leaseGrace, CancellationToken cancellationToken) =>
        FencedAsync("task_lock_extended", fence, cancellationToken,
            new NpgsqlParameter<DateTime>("lock_expires_at", lockExpiresAt.UtcDateTime),
            new NpgsqlParameter<TimeSpan>("lease_grace", leaseGrace));

    /// <inheritdoc />
    public Task<bool> PersistOutcomeAsync(TaskFence fence, TaskOutcome outcome, CancellationToken cancellationToken) =>
        _outcomes.WriteAsync((fence, outcome), cancellationToken);

    /// <inheritdoc />
    public Task<bool> ReplaceOutcomeAsync(TaskFence fence, TaskOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return FencedAsync("task_outcome_replace", fence, cancellationToken,
            new NpgsqlParameter<string>("outcome", OutcomeJson.Serialize(outcome)),
            new NpgsqlParameter<string?>("message", Clean(outcome.ErrorMessage)) { NpgsqlDbType = NpgsqlDbType.Text });
    }

    /// <inheritdoc />
    public Task<bool> RecordReportedAsync(TaskFence fence, TaskGrainState state, string? detail, bool callback, CancellationToken cancellationToken) =>
        _reports.WriteAsync((fence, state, detail, callback), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<CallbackDue>> ClaimCallbacksAsync(int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(SqlScripts.Get("task_callbacks_claim"));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease", lease));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var attempts = reader.HasRows ? reader.GetOrdinal("callback_attempts") : -1;
        var claimed = new List<CallbackDue>();
        foreach (var record in await TaskRowReader.ReadAllAsync(reader, r => r.GetInt32(attempts), cancellationToken).ConfigureAwait(false))
        {
            claimed.Add(new CallbackDue(record.Record, record.Extra));
        }

        return claimed;
    }

    /// <inheritdoc />
    public async Task FinishCallbackAsync(long id, int attempts, DateTimeOffset? next, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(SqlScripts.Get("task_callback_done"));
        command.Parameters.Add(new NpgsqlParameter<long>("id", id));
        command.Parameters.Add(new NpgsqlParameter<int>("attempts", attempts));
        command.Parameters.Add(new NpgsqlParameter<DateTime?>("next", next?.UtcDateTime) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> RecordReportFailedAsync(TaskFence fence, string error, DateTimeOffset nextAttempt, CancellationToken cancellationToken) =>
        FencedAsync("task_report_failed", fence, cancellationToken,
            new NpgsqlParameter<string>("error", Clean(error)!),
            new NpgsqlParameter<DateTime>("next", nextAttempt.UtcDateTime));

    /// <inheritdoc />
    public Task<bool> SettleAsync(TaskFence fence, TaskGrainState state, string reason, CancellationToken cancellationToken) =>
        FencedAsync("task_settle", fence, cancellationToken,
            new NpgsqlParameter<string>("state", TaskGrainStates.ToName(state)),
            new NpgsqlParameter<string>("reason", Clean(reason)!));

    /// <inheritdoc />
    public Task<bool> SaveCheckpointAsync(TaskFence fence, string? checkpoint, CancellationToken cancellationToken) =>
        FencedAsync("task_checkpoint", fence, cancellationToken,
            new NpgsqlParameter<string?>("checkpoint", checkpoint) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });

    /// <inheritdoc />
    public async Task AppendEventAsync(TaskFence fence, string kind, string detail, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(SqlScripts.Get("task_event_append"));
        command.Parameters.Add(new NpgsqlParameter<long>("task", fence.Id));
        command.Parameters.Add(new NpgsqlParameter<Guid>("silo", fence.Owner));
        command.Parameters.Add(new NpgsqlParameter<long>("activation", fence.Activation));
        command.Parameters.Add(new NpgsqlParameter<string>("kind", kind));
        command.Parameters.Add(new NpgsqlParameter<string>("detail", detail));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _outcomes.DisposeAsync().ConfigureAwait(false);
        await _reports.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<bool> FencedAsync(string sql, TaskFence fence, CancellationToken cancellationToken, params NpgsqlParameter[] extra)
    {
        await using var command = _db.CreateCommand(SqlScripts.Get(sql));
        command.Parameters.Add(new NpgsqlParameter<long>("id", fence.Id));
        command.Parameters.Add(new NpgsqlParameter<Guid>("silo", fence.Owner));
        command.Parameters.Add(new NpgsqlParameter<long>("activation", fence.Activation));
        command.Parameters.AddRange(extra);
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result switch
        {
            null or DBNull => false,
            long count => count > 0,
            _ => true,
        };
    }

    private async Task<HashSet<(long Id, long Activation)>> WriteOutcomesAsync(IReadOnlyList<(TaskFence Fence, TaskOutcome Outcome)> items,
        CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(SqlScripts.Get("task_outcomes"));
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<long[]>("ids", [.. items.Select(i => i.Fence.Id)]));
        p.Add(new NpgsqlParameter<long[]>("activations", [.. items.Select(i => i.Fence.Activation)]));
        p.Add(new NpgsqlParameter<Guid[]>("owners", [.. items.Select(i => i.Fence.Owner)]));
        p.Add(Texts("outcomes", items.Select(i => OutcomeJson.Serialize(i.Outcome))));
        p.Add(Texts("kinds", items.Select(i => OutcomeJson.Kind(i.Outcome.Kind))));
        p.Add(Texts("messages", items.Select(i => i.Outcome.ErrorMessage)));
        return await ReadKeysAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HashSet<(long Id, long Activation)>> WriteReportsAsync(IReadOnlyList<(TaskFence Fence, TaskGrainState State, string? Detail, bool Callback)> items,
        CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(SqlScripts.Get("task_reported"));
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<long[]>("ids", [.. items.Select(i => i.Fence.Id)]));
        p.Add(new NpgsqlParameter<long[]>("activations", [.. items.Select(i => i.Fence.Activation)]));
        p.Add(new NpgsqlParameter<Guid[]>("owners", [.. items.Select(i => i.Fence.Owner)]));
        p.Add(Texts("states", items.Select(i => TaskGrainStates.ToName(i.State))));
        p.Add(Texts("details", items.Select(i => i.Detail)));
        p.Add(new NpgsqlParameter<bool[]>("callbacks", [.. items.Select(i => i.Callback)]));
        return await ReadKeysAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<HashSet<(long Id, long Activation)>> ReadKeysAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var written = new HashSet<(long, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            written.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        return written;
    }

    private static NpgsqlParameter Texts(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.Select(Clean).ToArray() };

    /// <summary>PostgreSQL text cannot hold NUL; a message that carries one keeps a visible mark instead.</summary>
    internal static string? Clean(string? value) =>
        value is not null && value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;
}
