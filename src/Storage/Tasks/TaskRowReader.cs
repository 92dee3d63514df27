using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Persistence;
using Bptl.Variables;
using Npgsql;

namespace Bptl.Storage.Tasks;

/// <summary>Reads <c>bptl_task</c> rows (from <c>RETURNING t.*</c> or a select) into <see cref="TaskRecord"/>s.</summary>
internal static class TaskRowReader
{
    public static async Task<List<TaskRecord>> ReadAllAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var records = new List<TaskRecord>();
        if (!reader.HasRows)
        {
            return records;
        }

        var c = new Columns(reader);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(Read(reader, c));
        }

        return records;
    }

    /// <summary>Reads every row with one more value per row (a column the caller knows).</summary>
    public static async Task<List<(TaskRecord Record, T Extra)>> ReadAllAsync<T>(NpgsqlDataReader reader, Func<NpgsqlDataReader, T> extra,
        CancellationToken cancellationToken)
    {
        var records = new List<(TaskRecord, T)>();
        if (!reader.HasRows)
        {
            return records;
        }

        var c = new Columns(reader);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add((Read(reader, c), extra(reader)));
        }

        return records;
    }

    private static TaskRecord Read(NpgsqlDataReader r, Columns c) => new()
    {
        Id = r.GetInt64(c.Id),
        Key = new TaskGrainKey(r.GetString(c.Engine), r.GetString(c.TaskId)),
        Topic = r.GetString(c.Topic),
        WorkUnit = r.GetString(c.WorkUnit),
        State = TaskGrainStates.Parse(r.GetString(c.State)),
        Owner = r.IsDBNull(c.Owner) ? null : r.GetGuid(c.Owner),
        Activation = r.GetInt64(c.Activation),
        Delivery = r.GetInt32(c.Delivery),
        Attempt = r.GetInt32(c.Attempt),
        WorkerId = r.GetString(c.WorkerId),
        LockDuration = TimeSpan.FromMilliseconds(r.GetInt32(c.LockDuration)),
        LockExpiresAt = r.GetFieldValue<DateTimeOffset>(c.LockExpiresAt),
        EngineRetries = r.IsDBNull(c.EngineRetries) ? null : r.GetInt32(c.EngineRetries),
        Priority = r.GetInt64(c.Priority),
        ProcessInstanceId = Text(r, c.ProcessInstanceId),
        ProcessDefinitionKey = Text(r, c.ProcessDefinitionKey),
        ActivityId = Text(r, c.ActivityId),
        BusinessKey = Text(r, c.BusinessKey),
        TenantId = Text(r, c.TenantId),
        Variables = VariableJson.Deserialize(r.GetString(c.Variables)),
        Outcome = OutcomeJson.Deserialize(Text(r, c.Outcome)),
        ReportAttempts = r.GetInt32(c.ReportAttempts),
        Rescues = r.GetInt32(c.Rescues),
        Checkpoint = Text(r, c.Checkpoint),
    };

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private sealed class Columns(NpgsqlDataReader r)
    {
        public int Id { get; } = r.GetOrdinal("id");
        public int Engine { get; } = r.GetOrdinal("engine");
        public int TaskId { get; } = r.GetOrdinal("task_id");
        public int Topic { get; } = r.GetOrdinal("topic");
        public int WorkUnit { get; } = r.GetOrdinal("work_unit");
        public int State { get; } = r.GetOrdinal("state");
        public int Owner { get; } = r.GetOrdinal("owner");
        public int Activation { get; } = r.GetOrdinal("activation");
        public int Delivery { get; } = r.GetOrdinal("delivery");
        public int Attempt { get; } = r.GetOrdinal("attempt");
        public int WorkerId { get; } = r.GetOrdinal("worker_id");
        public int LockDuration { get; } = r.GetOrdinal("lock_duration_ms");
        public int LockExpiresAt { get; } = r.GetOrdinal("lock_expires_at");
        public int EngineRetries { get; } = r.GetOrdinal("engine_retries");
        public int Priority { get; } = r.GetOrdinal("priority");
        public int ProcessInstanceId { get; } = r.GetOrdinal("process_instance_id");
        public int ProcessDefinitionKey { get; } = r.GetOrdinal("process_definition_key");
        public int ActivityId { get; } = r.GetOrdinal("activity_id");
        public int BusinessKey { get; } = r.GetOrdinal("business_key");
        public int TenantId { get; } = r.GetOrdinal("tenant_id");
        public int Variables { get; } = r.GetOrdinal("variables");
        public int Outcome { get; } = r.GetOrdinal("outcome");
        public int Checkpoint { get; } = r.GetOrdinal("checkpoint");
        public int ReportAttempts { get; } = r.GetOrdinal("report_attempts");
        public int Rescues { get; } = r.GetOrdinal("rescues");
    }
}
