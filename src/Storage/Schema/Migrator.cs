using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bptl.Storage.Schema;

/// <summary>The database is at a schema version this build does not know.</summary>
public sealed class SchemaTooNewException(int databaseVersion, int codeVersion)
    : InvalidOperationException(
        $"The database is at schema version {databaseVersion}, but this Bptl build knows versions up to {codeVersion}: a newer Bptl " +
        "has migrated it. Run that version (or a newer one) here, or point this silo at another database.")
{
    /// <summary>The database's version.</summary>
    public int DatabaseVersion { get; } = databaseVersion;

    /// <summary>The newest version this build knows.</summary>
    public int CodeVersion { get; } = codeVersion;
}

/// <summary>
/// Applies the numbered migrations at start-up. Each run holds a transaction-scoped advisory lock, so silos that
/// start together apply every migration exactly once; DDL is transactional in PostgreSQL, so a failed migration
/// leaves nothing half-done.
/// </summary>
public sealed partial class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator> logger)
{
    /// <summary>The advisory lock key: "BPTL" and 1.</summary>
    public const long AdvisoryLock = 0x4250_544C_0000_0001;

    /// <summary>Brings the schema to <see cref="Migration.Latest"/>; returns the versions it applied.</summary>
    /// <exception cref="SchemaTooNewException">The database is newer than this build.</exception>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", new { key = AdvisoryLock }, cancellationToken).ConfigureAwait(false);
        await Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS bptl_schema_migration (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, null, cancellationToken).ConfigureAwait(false);

        var applied = (await connection.QueryAsync<(int Version, string Name, string Checksum)>(new CommandDefinition(
            "SELECT version, name, checksum FROM bptl_schema_migration ORDER BY version", transaction: transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToDictionary(m => m.Version);

        if (applied.Count > 0 && applied.Keys.Max() > Migration.Latest)
        {
            throw new SchemaTooNewException(applied.Keys.Max(), Migration.Latest);
        }

        var done = new List<int>();
        foreach (var migration in Migration.All)
        {
            if (applied.TryGetValue(migration.Version, out var existing))
            {
                if (existing.Checksum != migration.Checksum)
                {
                    throw new InvalidOperationException(
                        $"Migration {migration.Version} ({migration.Name}) was changed after it was applied (checksum {existing.Checksum} in the " +
                        $"database, {migration.Checksum} in this build). Migrations are append-only: add a new one instead.");
                }

                continue;
            }

            LogApplying(logger, migration.Version, migration.Name);
            await Execute(connection, transaction, migration.Sql, null, cancellationToken).ConfigureAwait(false);
            await Execute(connection, transaction,
                "INSERT INTO bptl_schema_migration (version, name, checksum) VALUES (@Version, @Name, @Checksum)",
                new { migration.Version, migration.Name, migration.Checksum }, cancellationToken).ConfigureAwait(false);
            done.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogUpToDate(logger, Migration.Latest, done.Count);
        return done;
    }

    private static Task<int> Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object? parameters, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, commandTimeout: 300, cancellationToken: cancellationToken));

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Applying schema migration {Version} ({Name})")]
    private static partial void LogApplying(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Database schema at version {Version} ({Applied} migrations applied now)")]
    private static partial void LogUpToDate(ILogger logger, int version, int applied);
}
