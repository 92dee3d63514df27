using Bptl.Grains.Interfaces.Grains;
using Bptl.Storage.Schema;
using Dapper;
using Npgsql;

namespace Bptl.Storage.Leases;

/// <summary>A topic lease as held: the epoch fences the holder's renewals.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Epoch">The epoch the lease was taken at.</param>
public readonly record struct HeldLease(TopicKey Topic, long Epoch);

/// <summary>A lease row, for the admin and for tests.</summary>
public sealed class LeaseRow
{
    /// <summary>Engine.</summary>
    public string Engine { get; init; } = "";
    /// <summary>Topic.</summary>
    public string Topic { get; init; } = "";
    /// <summary>Holder, or null.</summary>
    public Guid? Owner { get; init; }
    /// <summary>Epoch.</summary>
    public long Epoch { get; init; }
    /// <summary>Expiry.</summary>
    public DateTime ExpiresAt { get; init; }
    /// <summary>When it was taken.</summary>
    public DateTime? AcquiredAt { get; init; }
    /// <summary>True while unexpired.</summary>
    public bool Held { get; init; }
}

/// <summary>
/// Topic leases: one row per topic makes exactly one silo its poller. Taken when free or expired, renewed in one
/// statement for all of a silo's leases (fenced by epoch), released at once on rebalance or shutdown.
/// </summary>
public sealed class LeaseStore(NpgsqlDataSource db)
{
    /// <summary>
    /// Takes the lease of <paramref name="topic"/>: the epoch when taken, or, when another silo holds it, how long that
    /// lease still runs.
    /// </summary>
    public async Task<(long? Epoch, TimeSpan? HeldFor)> AcquireAsync(TopicKey topic, Guid silo, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleAsync<(long? Epoch, TimeSpan? HeldFor)>(new CommandDefinition(SqlScripts.Get("lease_acquire"),
            new { engine = topic.Engine, topic = topic.Topic, silo, duration }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Renews <paramref name="held"/>; returns the topics still held (the others were lost).</summary>
    public async Task<IReadOnlySet<TopicKey>> RenewAsync(Guid silo, IReadOnlyCollection<HeldLease> held, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(held);
        if (held.Count == 0)
        {
            return new HashSet<TopicKey>();
        }

        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Engine, string Topic)>(new CommandDefinition(SqlScripts.Get("leases_renew"), new
        {
            silo,
            duration,
            engines = held.Select(h => h.Topic.Engine).ToArray(),
            topics = held.Select(h => h.Topic.Topic).ToArray(),
            epochs = held.Select(h => h.Epoch).ToArray(),
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new TopicKey(r.Engine, r.Topic)).ToHashSet();
    }

    /// <summary>Gives a lease up at once, so its next holder need not wait for it to expire.</summary>
    public async Task ReleaseAsync(Guid silo, HeldLease lease, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("lease_release"),
            new { engine = lease.Topic.Engine, topic = lease.Topic.Topic, silo, epoch = lease.Epoch }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Gives every lease of <paramref name="silo"/> up.</summary>
    public async Task ReleaseAllAsync(Guid silo, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("leases_release_all"), new { silo }, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
    }

    /// <summary>Every lease row.</summary>
    public async Task<IReadOnlyList<LeaseRow>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<LeaseRow>(new CommandDefinition(SqlScripts.Get("leases_all"), cancellationToken: cancellationToken))
            .ConfigureAwait(false)];
    }
}

/// <summary>Leader election by a single-row lease with a term (maintenance runs only on the leader).</summary>
public sealed class LeaderStore(NpgsqlDataSource db)
{
    /// <summary>Takes or renews the lease <paramref name="name"/>; returns the term while <paramref name="silo"/> leads, else null.</summary>
    public async Task<long?> TryLeadAsync(string name, Guid silo, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(SqlScripts.Get("leader_elect"), new { name, silo, ttl },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Gives leadership up at once.</summary>
    public async Task ResignAsync(string name, Guid silo, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("leader_resign"), new { name, silo },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
