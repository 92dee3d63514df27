using Bptl.Storage.Schema;
using Dapper;
using Npgsql;

namespace Bptl.Storage.Cron;

/// <summary>A schedule as configuration seeds it.</summary>
/// <param name="Name">Its unique name.</param>
/// <param name="Schedule">The Quartz cron expression.</param>
/// <param name="TimeZone">The time zone it is read in.</param>
/// <param name="WorkUnit">The work unit each tick runs.</param>
/// <param name="VariablesJson">The run's variables, in the engine's JSON.</param>
/// <param name="Enabled">Whether it runs.</param>
/// <param name="NextFireAt">The first tick, used when the schedule is new or changed.</param>
public sealed record CronSeed(string Name, string Schedule, string TimeZone, string WorkUnit, string VariablesJson, bool Enabled, DateTimeOffset? NextFireAt);

/// <summary>A <c>bptl_cron</c> row: a schedule and its last run.</summary>
public sealed class CronRow
{
    /// <summary>Name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Quartz cron expression.</summary>
    public string Schedule { get; init; } = "";
    /// <summary>Time zone id.</summary>
    public string TimeZone { get; init; } = "";
    /// <summary>Work unit.</summary>
    public string WorkUnit { get; init; } = "";
    /// <summary>Variables (engine JSON).</summary>
    public string Variables { get; init; } = "{}";
    /// <summary>Whether it runs.</summary>
    public bool Enabled { get; init; }
    /// <summary>The next tick (UTC), or null when none is left.</summary>
    public DateTime? NextFireAt { get; init; }
    /// <summary>When a silo last claimed a tick (UTC).</summary>
    public DateTime? LastFiredAt { get; init; }
    /// <summary>The silo that did.</summary>
    public Guid? LastSilo { get; init; }
    /// <summary>complete, failure, bpmnError or cancelled.</summary>
    public string? LastOutcome { get; init; }
    /// <summary>The last failure's message.</summary>
    public string? LastError { get; init; }
    /// <summary>Ticks run so far.</summary>
    public long Runs { get; init; }
}

/// <summary>A <c>bptl_cron_run</c> row: one tick run.</summary>
public sealed class CronRunRow
{
    /// <summary>Id.</summary>
    public long Id { get; init; }
    /// <summary>The schedule.</summary>
    public string Cron { get; init; } = "";
    /// <summary>The tick (UTC).</summary>
    public DateTime DueAt { get; init; }
    /// <summary>The silo that ran it.</summary>
    public Guid Silo { get; init; }
    /// <summary>Start (UTC).</summary>
    public DateTime StartedAt { get; init; }
    /// <summary>End (UTC); null while it runs, or when its silo died during the run.</summary>
    public DateTime? FinishedAt { get; init; }
    /// <summary>complete, failure, bpmnError or cancelled.</summary>
    public string? Outcome { get; init; }
    /// <summary>A failure's or BPMN error's message.</summary>
    public string? ErrorMessage { get; init; }
    /// <summary>The variables the run set (engine JSON).</summary>
    public string? Variables { get; init; }
}

/// <summary>Cron schedules and their runs: seeded at start, claimed tick by tick, read by the admin.</summary>
public sealed class CronStore(NpgsqlDataSource db)
{
    /// <summary>Creates or updates each schedule to its configuration; a schedule that did not change keeps its pending tick.</summary>
    public async Task SeedAsync(IEnumerable<CronSeed> seeds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var seed in seeds)
        {
            await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("cron_seed"), new
            {
                name = seed.Name,
                schedule = seed.Schedule,
                time_zone = seed.TimeZone,
                work_unit = seed.WorkUnit,
                variables = seed.VariablesJson,
                enabled = seed.Enabled,
                next_fire_at = seed.NextFireAt?.UtcDateTime,
            }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Every schedule.</summary>
    public async Task<IReadOnlyList<CronRow>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<CronRow>(new CommandDefinition(SqlScripts.Get("cron_all"), cancellationToken: cancellationToken))
            .ConfigureAwait(false)];
    }

    /// <summary>
    /// Claims the tick <paramref name="due"/> of <paramref name="name"/>, moving the schedule on to
    /// <paramref name="next"/>: returns the run's id, or null when another silo claimed it first (or the schedule
    /// changed meanwhile).
    /// </summary>
    public async Task<long?> ClaimAsync(string name, DateTime due, DateTimeOffset? next, Guid silo, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(SqlScripts.Get("cron_claim"), new
        {
            name,
            due = DateTime.SpecifyKind(due, DateTimeKind.Utc),
            next = next?.UtcDateTime,
            silo,
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Records how run <paramref name="id"/> ended.</summary>
    public async Task FinishAsync(long id, string outcome, string? errorMessage, string? variablesJson, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("cron_finish"), new
        {
            id,
            outcome,
            error_message = errorMessage,
            variables = variablesJson,
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The latest <paramref name="limit"/> runs of <paramref name="name"/>, newest first.</summary>
    public async Task<IReadOnlyList<CronRunRow>> RunsAsync(string name, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<CronRunRow>(new CommandDefinition(SqlScripts.Get("cron_runs"), new { name, limit },
            cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }
}
