using Bptl.Embedded;
using System.Globalization;
using System.Text;
using Xunit;

namespace Bptl.Testing;

/// <summary>
/// One throwaway PostgreSQL cluster per test assembly run, shared by all its test classes; each class (or test)
/// takes its own database from it, so classes run in parallel without seeing each other's tables.
/// </summary>
/// <remarks>
/// <para>Register it once per test assembly: <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c>. Then either
/// take <see cref="PostgresDatabaseFixture"/> as a class fixture (one database per test class), or take
/// <see cref="PostgresFixture"/> in a constructor and call <see cref="CreateDatabaseAsync(CancellationToken)"/>
/// for a database per test (dispose it). Tests that stop or restart PostgreSQL start their own
/// <see cref="PostgresCluster"/> rather than disturb this shared one.</para>
/// <para>Environment variables: <c>BPTL_TEST_PG_KEEP=1</c> keeps the cluster folder (stopped; its path is sent as an
/// xunit diagnostic message, and it lives under <see cref="PostgresClusterOptions.DefaultRootDirectory"/>) and the
/// test databases in it for inspection: start it again with
/// <c>pg_ctl -D &lt;folder&gt;/data -l &lt;folder&gt;/postgres.log start</c> (as the <c>postgres</c> user when root)
/// and connect to 127.0.0.1 on the port in <c>data/bptl.conf</c>; delete the folder when done.
/// <c>BPTL_PG_BIN</c> names the folder holding initdb, pg_ctl and postgres when they are not found by themselves.</para>
/// </remarks>
public sealed class PostgresFixture : IAsyncLifetime
{
    /// <summary>Name of the environment variable that keeps the cluster folder and databases when set to 1.</summary>
    public const string KeepVariable = "BPTL_TEST_PG_KEEP";

    private PostgresCluster? _cluster;
    private int _databaseCount;

    /// <summary>Whether <c>BPTL_TEST_PG_KEEP=1</c> keeps the cluster folder and databases after the run.</summary>
    public bool Keep { get; } = Environment.GetEnvironmentVariable(KeepVariable) is "1" or "true";

    /// <summary>The shared cluster (started before any test runs).</summary>
    public PostgresCluster Cluster =>
        _cluster ?? throw new InvalidOperationException($"{nameof(PostgresFixture)} is used before xunit initialised it.");

    /// <summary>A superuser connection string to the cluster's <c>postgres</c> database.</summary>
    public string AdminConnectionString => Cluster.AdminConnectionString;

    public async ValueTask InitializeAsync() =>
        _cluster = await PostgresCluster.StartAsync(
            new PostgresClusterOptions { KeepDirectory = Keep }, TestContext.Current.CancellationToken);

    /// <summary>Creates a fresh database named after the current test class.</summary>
    public Task<TestDatabase> CreateDatabaseAsync(CancellationToken ct) =>
        CreateDatabaseAsync(TestContext.Current.TestClass?.TestClassSimpleName ?? "test", ct);

    /// <summary>Creates a fresh database whose name starts with <paramref name="namePrefix"/> (for reading logs).</summary>
    public async Task<TestDatabase> CreateDatabaseAsync(string namePrefix, CancellationToken ct)
    {
        var name = UniqueName(namePrefix, Interlocked.Increment(ref _databaseCount));
        var connectionString = await Cluster.CreateDatabaseAsync(name, ct);
        return new TestDatabase(Cluster, name, connectionString, dropOnDispose: !Keep);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is null)
        {
            return;
        }

        await _cluster.DisposeAsync();
        if (Keep)
        {
            TestContext.Current.SendDiagnosticMessage("Kept the test PostgreSQL cluster at {0}", _cluster.Directory);
        }
    }

    /// <summary>A valid database name: the prefix lower-cased to [a-z0-9_], cut short, plus the counter.</summary>
    internal static string UniqueName(string prefix, int counter)
    {
        var name = new StringBuilder("t_");
        foreach (var c in prefix.ToLowerInvariant())
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
            if (name.Length == 48)
            {
                break;
            }
        }

        return name.Append(CultureInfo.InvariantCulture, $"_{counter}").ToString();
    }
}
