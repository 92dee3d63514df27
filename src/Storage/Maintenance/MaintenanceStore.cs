using Bptl.Storage.Schema;
using Dapper;
using Npgsql;

namespace Bptl.Storage.Maintenance;

/// <summary>A silo the maintenance declared dead.</summary>
public sealed class DeadSilo
{
    /// <summary>Its id.</summary>
    public Guid SiloId { get; init; }
    /// <summary>Its name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Topic leases freed in the same statement.</summary>
    public long FreedLeases { get; init; }
}

/// <summary>A task the maintenance rescued.</summary>
public sealed class RescuedTask
{
    /// <summary>The row.</summary>
    public long Id { get; init; }
    /// <summary>Engine.</summary>
    public string Engine { get; init; } = "";
    /// <summary>Topic.</summary>
    public string Topic { get; init; } = "";
    /// <summary>available (runs again) or reporting (its report is sent by any silo).</summary>
    public string State { get; init; } = "";
    /// <summary>How many times it was rescued.</summary>
    public int Rescues { get; init; }
    /// <summary>True when this rescue poisoned it.</summary>
    public bool Poisoned { get; init; }
}

/// <summary>The cluster-wide chores the elected silo runs: dead silos, rescue, pruning; and backpressure figures.</summary>
public sealed class MaintenanceStore(NpgsqlDataSource db)
{
    /// <summary>Declares dead the silos silent for <paramref name="deadAfter"/> and frees their leases.</summary>
    public async Task<IReadOnlyList<DeadSilo>> MarkDeadSilosAsync(TimeSpan deadAfter, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<DeadSilo>(new CommandDefinition(SqlScripts.Get("silos_mark_dead"), new { dead_after = deadAfter },
            cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    /// <summary>Rescues activations of dead or stopped silos and those whose lease ran out; poisons after <paramref name="maxRescues"/>.</summary>
    public async Task<IReadOnlyList<RescuedTask>> RescueAsync(int maxRescues, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<RescuedTask>(new CommandDefinition(SqlScripts.Get("task_rescue"),
            new { max_rescues = maxRescues, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    /// <summary>Deletes finished grains older than <paramref name="retention"/>, at most <paramref name="limit"/>; returns how many.</summary>
    public async Task<int> PruneTasksAsync(TimeSpan retention, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("task_prune"), new { retention, limit },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Deletes up to <paramref name="limit"/> cron runs older than <paramref name="retention"/>.</summary>
    public async Task<int> PruneCronRunsAsync(TimeSpan retention, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("cron_prune"), new { retention, limit },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Deletes rows of silos that stopped or died longer than <paramref name="retention"/> ago.</summary>
    public async Task<int> PruneSilosAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("silos_prune"), new { retention },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Hands a stopping silo's unsent reports to the others.</summary>
    public async Task<int> ReleaseReportsAsync(Guid silo, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("reports_release"), new { silo },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Tasks waiting to be claimed, per (engine, topic).</summary>
    public async Task<IReadOnlyDictionary<(string Engine, string Topic), long>> BacklogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Engine, string Topic, long Available)>(new CommandDefinition(SqlScripts.Get("cluster_backlog"),
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => (r.Engine, r.Topic), r => r.Available);
    }
}
