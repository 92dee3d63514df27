using Bptl.Embedded;
using Npgsql;

namespace Bptl.Testing;

/// <summary>
/// A fresh database on the shared test cluster, from <see cref="PostgresFixture.CreateDatabaseAsync(CancellationToken)"/>.
/// Dispose closes its pool and drops it (unless <c>BPTL_TEST_PG_KEEP=1</c> keeps it for inspection).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly PostgresCluster _cluster;
    private readonly bool _dropOnDispose;
    private int _disposed;

    internal TestDatabase(PostgresCluster cluster, string name, string connectionString, bool dropOnDispose)
    {
        _cluster = cluster;
        _dropOnDispose = dropOnDispose;
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>A fresh database on a cluster of the test's own (one it may stop or restart).</summary>
    public static async Task<TestDatabase> CreateAsync(PostgresCluster cluster, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var connectionString = await cluster.CreateDatabaseAsync(name, ct);
        return new TestDatabase(cluster, name, connectionString, dropOnDispose: true);
    }

    /// <summary>The database name (unique within the test run).</summary>
    public string Name { get; }

    /// <summary>A superuser connection string to this database.</summary>
    public string ConnectionString { get; }

    /// <summary>A pooled data source for this database, disposed with it.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Opens a pooled connection to this database.</summary>
    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken ct) => DataSource.OpenConnectionAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await DataSource.DisposeAsync();
        if (_dropOnDispose && _cluster.IsRunning)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _cluster.DropDatabaseAsync(Name, timeout.Token);
        }
    }
}
