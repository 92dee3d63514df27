using Bptl.Storage.Schema;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Bptl.Silo.Tests;

public sealed class MigrationTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SilosMigratingAtOnce_ApplyEachMigrationExactlyOnce()
    {
        await using var database = await postgres.CreateDatabaseAsync(Ct);
        var migrators = Enumerable.Range(0, 8).Select(_ => new Migrator(database.DataSource, NullLogger<Migrator>.Instance)).ToList();

        var applied = await Task.WhenAll(migrators.Select(m => m.MigrateAsync(Ct)));

        applied.Sum(a => a.Count).ShouldBe(Migration.All.Count);
        await using var connection = await database.OpenConnectionAsync(Ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM bptl_schema_migration", connection);
        ((long)(await count.ExecuteScalarAsync(Ct))!).ShouldBe(Migration.All.Count);
    }

    [Fact]
    public async Task DatabaseNewerThanTheCode_TheSiloRefusesToStart()
    {
        await using var database = await postgres.CreateDatabaseAsync(Ct);
        await new Migrator(database.DataSource, NullLogger<Migrator>.Instance).MigrateAsync(Ct);
        await using (var connection = await database.OpenConnectionAsync(Ct))
        await using (var insert = new NpgsqlCommand("INSERT INTO bptl_schema_migration (version, name, checksum) VALUES (999, 'from_the_future', 'x')", connection))
        {
            await insert.ExecuteNonQueryAsync(Ct);
        }

        var error = await Should.ThrowAsync<SchemaTooNewException>(() => SiloHarness.StartAsync("late", new Dictionary<string, string?>
        {
            ["Bptl:Storage:ConnectionString"] = database.ConnectionString,
            ["Bptl:Engines:default:BaseAddress"] = "http://127.0.0.1:1/engine-rest/",
        }, new WorkUnitScripts(), Ct));

        error.Message.ShouldContain($"The database is at schema version 999, but this Bptl build knows versions up to {Migration.Latest}:");
    }

    [Fact]
    public async Task AMigrationChangedAfterItWasApplied_IsRefused()
    {
        await using var database = await postgres.CreateDatabaseAsync(Ct);
        var migrator = new Migrator(database.DataSource, NullLogger<Migrator>.Instance);
        await migrator.MigrateAsync(Ct);
        await using (var connection = await database.OpenConnectionAsync(Ct))
        await using (var update = new NpgsqlCommand("UPDATE bptl_schema_migration SET checksum = 'edited' WHERE version = 1", connection))
        {
            await update.ExecuteNonQueryAsync(Ct);
        }

        var error = await Should.ThrowAsync<InvalidOperationException>(() => migrator.MigrateAsync(Ct));

        error.Message.ShouldContain("Migration 1 (grain_runtime) was changed after it was applied");
    }
}
