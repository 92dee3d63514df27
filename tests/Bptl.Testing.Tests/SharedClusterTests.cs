using Bptl.Testing;
using Npgsql;

namespace Bptl.Testing.Tests;

public sealed class SharedClusterTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cluster_AnswersSelectVersion_WithPostgreSql15()
    {
        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("select version()", connection);

        var version = (string?)await command.ExecuteScalarAsync(Ct);

        version.ShouldNotBeNull().ShouldStartWith("PostgreSQL 15");
    }

    [Fact]
    public async Task Cluster_ListensOnLoopbackOnly_WithTestSettings()
    {
        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Ct);

        (await ShowAsync(connection, "listen_addresses")).ShouldBe("127.0.0.1");
        (await ShowAsync(connection, "fsync")).ShouldBe("off");
        (await ShowAsync(connection, "max_connections")).ShouldBe("300");
        (await ShowAsync(connection, "server_encoding")).ShouldBe("UTF8");
        postgres.Cluster.Port.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Databases_AreIsolated_TableInOneIsInvisibleInAnother()
    {
        await using var first = await postgres.CreateDatabaseAsync(Ct);
        await using var second = await postgres.CreateDatabaseAsync(Ct);
        first.Name.ShouldNotBe(second.Name);

        await using (var command = first.DataSource.CreateCommand("create table only_in_first (id int); insert into only_in_first values (1)"))
        {
            await command.ExecuteNonQueryAsync(Ct);
        }

        await using var lookup = second.DataSource.CreateCommand("select to_regclass('only_in_first') is null");
        ((bool?)await lookup.ExecuteScalarAsync(Ct)).ShouldBe(true);
    }

    [Fact]
    public async Task CreateDatabaseAsync_NamesTheDatabaseAfterTheTestClass()
    {
        await using var database = await postgres.CreateDatabaseAsync(Ct);

        database.Name.ShouldStartWith("t_sharedclustertests_");
        await using var command = database.DataSource.CreateCommand("select current_database()");
        ((string?)await command.ExecuteScalarAsync(Ct)).ShouldBe(database.Name);
    }

    [Fact]
    public async Task TestDatabase_Dispose_DropsTheDatabase()
    {
        Assert.SkipWhen(postgres.Keep, $"{PostgresFixture.KeepVariable} keeps the test databases on purpose.");
        var database = await postgres.CreateDatabaseAsync(Ct);

        await database.DisposeAsync();

        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("select count(*) from pg_database where datname = $1", connection)
        {
            Parameters = { new() { Value = database.Name } },
        };
        ((long?)await command.ExecuteScalarAsync(Ct)).ShouldBe(0);
    }

    [Theory]
    [InlineData("Robert'); drop table students;--")]
    [InlineData("UpperCase")]
    [InlineData("")]
    public async Task CreateDatabaseAsync_WithInvalidName_IsRefused(string name)
    {
        await Should.ThrowAsync<ArgumentException>(() => postgres.Cluster.CreateDatabaseAsync(name, Ct));
    }

    private static async Task<string?> ShowAsync(NpgsqlConnection connection, string setting)
    {
        await using var command = new NpgsqlCommand($"show {setting}", connection);
        return (string?)await command.ExecuteScalarAsync(Ct);
    }
}
