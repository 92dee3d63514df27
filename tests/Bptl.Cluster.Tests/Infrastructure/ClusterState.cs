using Bptl.Testing;
using Npgsql;

namespace Bptl.Cluster.Tests.Infrastructure;

/// <summary>What the grain runtime's tables say: leases, task grains and their timelines.</summary>
public sealed class ClusterState(TestDatabase database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The topics whose lease <paramref name="silo"/> holds and has not let run out.</summary>
    public Task<List<string>> HeldTopicsAsync(Guid silo) =>
        ListAsync<string>("SELECT topic FROM bptl_topic_lease WHERE owner = @silo AND expires_at > now() ORDER BY topic", ("silo", silo));

    /// <summary>The ids of the task grains <paramref name="silo"/> owns in <paramref name="state"/>.</summary>
    public Task<List<long>> OwnedTasksAsync(Guid silo, string state) =>
        ListAsync<long>("SELECT id FROM bptl_task WHERE owner = @silo AND state = @state ORDER BY id", ("silo", silo), ("state", state));

    /// <summary>How many task grains <paramref name="silo"/> owns in <paramref name="state"/>.</summary>
    public async Task<long> CountOwnedAsync(Guid silo, string state) =>
        await ScalarAsync<long>("SELECT count(*) FROM bptl_task WHERE owner = @silo AND state = @state", ("silo", silo), ("state", state));

    /// <summary>Task grains per state.</summary>
    public async Task<Dictionary<string, long>> StatesAsync()
    {
        await using var connection = await database.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT state, count(*) FROM bptl_task GROUP BY state", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var states = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(Ct))
        {
            states[reader.GetString(0)] = reader.GetInt64(1);
        }

        return states;
    }

    /// <summary>Of <paramref name="tasks"/>, those whose timeline has an event of <paramref name="kind"/>.</summary>
    public Task<List<long>> WithEventAsync(IReadOnlyCollection<long> tasks, string kind) =>
        ListAsync<long>("SELECT DISTINCT task FROM bptl_task_event WHERE task = ANY(@tasks) AND kind = @kind ORDER BY task",
            ("tasks", tasks.ToArray()), ("kind", kind));

    /// <summary>How many timeline events of <paramref name="kind"/> there are.</summary>
    public Task<long> CountEventsAsync(string kind) =>
        ScalarAsync<long>("SELECT count(*) FROM bptl_task_event WHERE kind = @kind", ("kind", kind));

    /// <summary>
    /// Reports the engine answered 404 to because an earlier report of the same outcome had landed (its sender died
    /// before recording the answer): each is one extra complete call, and no second completion.
    /// </summary>
    public Task<long> CountLandedReReportsAsync() =>
        ScalarAsync<long>("SELECT count(*) FROM bptl_task_event WHERE kind = 'reported' AND detail->>'detail' LIKE '%completion landed%'");

    /// <summary>Grains whose outcome was persisted but not yet acknowledged when their silo died: another silo sends their reports.</summary>
    public Task<long> CountRescuedWhileReportingAsync() =>
        ScalarAsync<long>("SELECT count(DISTINCT task) FROM bptl_task_event WHERE kind = 'rescued' AND detail->>'state' = 'reporting'");

    /// <summary>Landed re-reports (see <see cref="CountLandedReReportsAsync"/>) of grains that were never rescued: none, ever.</summary>
    public Task<long> CountLandedReReportsOfUnrescuedAsync() =>
        ScalarAsync<long>("""
            SELECT count(*) FROM bptl_task_event r
            WHERE r.kind = 'reported' AND r.detail->>'detail' LIKE '%completion landed%'
              AND NOT EXISTS (SELECT 1 FROM bptl_task_event e WHERE e.task = r.task AND e.kind = 'rescued')
            """);

    /// <summary>Task grains with more than one <c>reported</c> event (an outcome recorded twice): none, ever.</summary>
    public Task<long> CountReportedTwiceAsync() =>
        ScalarAsync<long>("SELECT count(*) FROM (SELECT task FROM bptl_task_event WHERE kind = 'reported' GROUP BY task HAVING count(*) > 1) t");

    /// <summary>When <paramref name="silo"/> acquired its lease of each topic it holds (the database's clock).</summary>
    public async Task<Dictionary<string, DateTimeOffset>> AcquiredAtAsync(Guid silo)
    {
        await using var connection = await database.OpenConnectionAsync(Ct);
        await using var command = Command("SELECT topic, acquired_at FROM bptl_topic_lease WHERE owner = @silo", connection, [("silo", silo)]);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var acquired = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (await reader.ReadAsync(Ct))
        {
            acquired[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return acquired;
    }

    /// <summary>Silos declared dead other than <paramref name="killed"/>: a machine so busy that heartbeats came late.</summary>
    public Task<List<string>> DeclaredDeadAsync(IReadOnlyCollection<Guid> killed) =>
        ListAsync<string>("SELECT name FROM bptl_silo WHERE status = 'dead' AND NOT (silo_id = ANY(@killed)) ORDER BY name", ("killed", killed.ToArray()));

    /// <summary>One task grain's state, poisoned time and rescues.</summary>
    public async Task<(string State, DateTimeOffset? PoisonedAt, int Rescues, Guid? Owner)> TaskAsync(long id)
    {
        await using var connection = await database.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT state, poisoned_at, rescues, owner FROM bptl_task WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        if (!await reader.ReadAsync(Ct))
        {
            throw new InvalidOperationException($"No task grain {id}.");
        }

        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt32(2),
            reader.IsDBNull(3) ? null : reader.GetGuid(3));
    }

    /// <summary>A task grain's timeline, oldest first, as <c>kind@silo</c>.</summary>
    public Task<List<string>> TimelineAsync(long id) =>
        ListAsync<string>("SELECT kind || coalesce('@' || silo::text, '') FROM bptl_task_event WHERE task = @id ORDER BY id", ("id", id));

    private async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenConnectionAsync(Ct);
        await using var command = Command(sql, connection, parameters);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    private async Task<List<T>> ListAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenConnectionAsync(Ct);
        await using var command = Command(sql, connection, parameters);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }

    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
