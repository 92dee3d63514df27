using Bptl.Storage.Schema;
using Dapper;
using Npgsql;

namespace Bptl.Storage.WorkUnits;

/// <summary>A work unit as published for the admin UI.</summary>
/// <param name="Name">The name topics map to.</param>
/// <param name="Description">What it does, when its contract says.</param>
/// <param name="Declared">False when it declared no contract (it accepts anything).</param>
/// <param name="Contract">The contract as JSON: <c>{"inputs": [...], "outputs": [...]}</c>.</param>
public sealed record PublishedWorkUnit(string Name, string? Description, bool Declared, string Contract)
{
    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The catalog of work units (<c>bptl_work_unit</c>): published by the silos, read by the admin UI.</summary>
public sealed class WorkUnitStore(NpgsqlDataSource db)
{
    /// <summary>Publishes <paramref name="units"/> as <paramref name="silo"/> has them.</summary>
    public async Task PublishAsync(Guid silo, IReadOnlyList<PublishedWorkUnit> units, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(units);
        await using var command = db.CreateCommand(SqlScripts.Get("work_units_publish"));
        command.Parameters.Add(new NpgsqlParameter<Guid>("silo", silo));
        command.Parameters.Add(new NpgsqlParameter<string[]>("names", [.. units.Select(u => u.Name)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("descriptions", [.. units.Select(u => u.Description)]));
        command.Parameters.Add(new NpgsqlParameter<bool[]>("declared", [.. units.Select(u => u.Declared)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("contracts", [.. units.Select(u => u.Contract)]));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every published work unit, by name.</summary>
    public async Task<IReadOnlyList<PublishedWorkUnit>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(SqlScripts.Get("work_units_all"), cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return [.. rows.Select(r => new PublishedWorkUnit(r.Name, r.Description, r.Declared, r.Contract) { UpdatedAt = r.UpdatedAt })];
    }

    private sealed class Row
    {
        public string Name { get; init; } = "";
        public string? Description { get; init; }
        public bool Declared { get; init; }
        public string Contract { get; init; } = "{}";
        public DateTimeOffset UpdatedAt { get; init; }
    }
}
