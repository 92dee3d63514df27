using Bptl.Storage.Schema;
using Dapper;
using Npgsql;

namespace Bptl.Storage.Silos;

/// <summary>What a silo tells the cluster about itself when it joins.</summary>
public sealed record SiloRegistration(
    Guid SiloId, string Name, string Group, string Host, int ProcessId, string Version,
    IReadOnlyList<string> WorkUnits, IReadOnlyList<string>? Topics, int MaxConcurrency);

/// <summary>A live silo, as the others see it.</summary>
public sealed class LiveSilo
{
    /// <summary>The silo's id.</summary>
    public Guid SiloId { get; init; }

    /// <summary>Its name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Its group.</summary>
    public string SiloGroup { get; init; } = "";

    /// <summary>The work units it can run.</summary>
    public string[] WorkUnits { get; init; } = [];

    /// <summary>The topics it is restricted to, or null for any.</summary>
    public string[]? Topics { get; init; }

    /// <summary>Free execution slots at its last heartbeat.</summary>
    public int FreeSlots { get; init; }

    /// <summary>Its slot count.</summary>
    public int MaxConcurrency { get; init; }
}

/// <summary>A silo row, for the admin and for tests.</summary>
public sealed class SiloRow
{
    /// <summary>Id.</summary>
    public Guid SiloId { get; init; }
    /// <summary>Name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Group.</summary>
    public string SiloGroup { get; init; } = "";
    /// <summary>Host name.</summary>
    public string Host { get; init; } = "";
    /// <summary>Process id.</summary>
    public int ProcessId { get; init; }
    /// <summary>Bptl version.</summary>
    public string Version { get; init; } = "";
    /// <summary>Work units.</summary>
    public string[] WorkUnits { get; init; } = [];
    /// <summary>Topic restriction.</summary>
    public string[]? Topics { get; init; }
    /// <summary>active, stopping, stopped or dead.</summary>
    public string Status { get; init; } = "";
    /// <summary>Slots.</summary>
    public int MaxConcurrency { get; init; }
    /// <summary>Free slots at the last heartbeat.</summary>
    public int FreeSlots { get; init; }
    /// <summary>Running activations at the last heartbeat.</summary>
    public int Running { get; init; }
    /// <summary>Start time.</summary>
    public DateTime StartedAt { get; init; }
    /// <summary>Last heartbeat.</summary>
    public DateTime HeartbeatAt { get; init; }
    /// <summary>When it stopped or was declared dead.</summary>
    public DateTime? StoppedAt { get; init; }
}

/// <summary>Membership: silo rows and heartbeats.</summary>
public sealed class SiloStore(NpgsqlDataSource db)
{
    /// <summary>Adds the silo to the cluster.</summary>
    public async Task RegisterAsync(SiloRegistration silo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("silo_register"), new
        {
            silo = silo.SiloId,
            name = silo.Name,
            silo_group = silo.Group,
            host = silo.Host,
            process_id = silo.ProcessId,
            version = silo.Version,
            work_units = silo.WorkUnits.ToArray(),
            topics = silo.Topics?.ToArray(),
            max_concurrency = silo.MaxConcurrency,
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Beats the heart; returns the silo's status (<c>dead</c> when the cluster gave up on it), or null when the row is gone.</summary>
    public async Task<string?> HeartbeatAsync(Guid silo, int freeSlots, int running, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(SqlScripts.Get("silo_heartbeat"),
            new { silo, free_slots = freeSlots, running }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Sets the silo's status (<c>stopping</c>, <c>stopped</c>); a dead silo stays dead.</summary>
    public async Task SetStatusAsync(Guid silo, string status, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("silo_set_status"), new { silo, status },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The live silos: active, with a heartbeat inside <paramref name="deadAfter"/>.</summary>
    public async Task<IReadOnlyList<LiveSilo>> LiveAsync(TimeSpan deadAfter, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<LiveSilo>(new CommandDefinition(SqlScripts.Get("silos_live"), new { dead_after = deadAfter },
            cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    /// <summary>Every silo row, newest first.</summary>
    public async Task<IReadOnlyList<SiloRow>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<SiloRow>(new CommandDefinition(SqlScripts.Get("silos_all"),
            cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }
}
