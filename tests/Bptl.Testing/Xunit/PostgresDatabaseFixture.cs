using Bptl.Embedded;
using Npgsql;
using Xunit;

namespace Bptl.Testing;

/// <summary>
/// A class fixture giving a test class its own database on the shared <see cref="PostgresFixture"/> cluster,
/// created before the class's first test and dropped after its last.
/// </summary>
/// <example>
/// <code>
/// public sealed class LeaseTests(PostgresDatabaseFixture db) : IClassFixture&lt;PostgresDatabaseFixture&gt;
/// {
///     [Fact]
///     public async Task Lease_Expires_AnotherSiloTakesOver()
///     {
///         await using var connection = await db.OpenConnectionAsync(TestContext.Current.CancellationToken);
///         ...
///     }
/// }
/// </code>
/// A fixture that also needs a schema takes <see cref="PostgresFixture"/> itself, calls
/// <see cref="PostgresFixture.CreateDatabaseAsync(CancellationToken)"/> and runs its migrations.
/// </example>
public sealed class PostgresDatabaseFixture(PostgresFixture postgres) : IAsyncLifetime
{
    private TestDatabase? _database;

    /// <summary>The class's database.</summary>
    public TestDatabase Database =>
        _database ?? throw new InvalidOperationException($"{nameof(PostgresDatabaseFixture)} is used before xunit initialised it.");

    /// <summary>The shared cluster the database lives on.</summary>
    public PostgresCluster Cluster => postgres.Cluster;

    /// <summary>A superuser connection string to the class's database.</summary>
    public string ConnectionString => Database.ConnectionString;

    /// <summary>A pooled data source for the class's database.</summary>
    public NpgsqlDataSource DataSource => Database.DataSource;

    /// <summary>Opens a pooled connection to the class's database.</summary>
    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken ct) => Database.OpenConnectionAsync(ct);

    public async ValueTask InitializeAsync() =>
        _database = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
