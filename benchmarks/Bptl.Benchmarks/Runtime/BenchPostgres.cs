using System.Globalization;
using Bptl.Embedded;
using Npgsql;

namespace Bptl.Benchmarks.Runtime;

/// <summary>
/// The throwaway PostgreSQL cluster of the runtime benchmark, re-tuned the way a production server on this box
/// would be: <see cref="PostgresCluster"/> starts it tuned for tests (fsync off), then <c>ALTER SYSTEM</c> (which
/// <c>postgresql.auto.conf</c> applies after the test settings) and a restart put durability back and size the
/// memory. pg_stat_statements is loaded so each phase can count its statements.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    /// <summary>What every run sets: memory for a 2-core, 23 GB box, checkpoints out of the way, statement statistics.</summary>
    private static readonly (string Name, string Value)[] Common =
    [
        // 25 % of RAM would be ~6 GB on a dedicated box; the benchmark's working set is well under 1 GB.
        ("shared_buffers", "2GB"),
        ("effective_cache_size", "12GB"),
        ("work_mem", "16MB"),
        ("maintenance_work_mem", "512MB"),
        ("wal_buffers", "64MB"),
        // No checkpoint during a phase: each run writes well under this.
        ("max_wal_size", "8GB"),
        ("min_wal_size", "1GB"),
        ("checkpoint_timeout", "15min"),
        ("checkpoint_completion_target", "0.9"),
        ("random_page_cost", "1.1"),
        ("effective_io_concurrency", "200"),
        // Its defaults (track top-level statements, 5000 of them) suit; they cannot be set before it is loaded.
        ("shared_preload_libraries", "pg_stat_statements"),
        ("track_io_timing", "on"),
        ("track_wal_io_timing", "on"),
    ];

    /// <summary>A production server's durability (PostgreSQL's defaults), undoing the test cluster's shortcuts.</summary>
    private static readonly (string Name, string Value)[] Durable =
    [
        ("fsync", "on"),
        ("synchronous_commit", "on"),
        ("full_page_writes", "on"),
        ("wal_level", "replica"),
        ("max_wal_senders", "10"),
    ];

    private readonly PostgresCluster _cluster;

    private BenchPostgres(PostgresCluster cluster, PostgresMode mode)
    {
        _cluster = cluster;
        Mode = mode;
    }

    public PostgresMode Mode { get; }

    public string AdminConnectionString => _cluster.AdminConnectionString;

    /// <summary>The server version and the settings that matter, as the server reports them.</summary>
    public string Description { get; private set; } = "";

    public static async Task<BenchPostgres> StartAsync(PostgresMode mode, CancellationToken ct)
    {
        var cluster = await PostgresCluster.StartAsync(new PostgresClusterOptions(), ct);
        var bench = new BenchPostgres(cluster, mode);
        (string, string)[] settings = mode switch
        {
            PostgresMode.Durable => [.. Common, .. Durable],
            // An experiment: durable WAL, but no commit waits for its flush (the WAL writer flushes every 200 ms).
            PostgresMode.AsyncCommit => [.. Common, .. Durable, ("synchronous_commit", "off")],
            _ => Common,
        };
        try
        {
            await using (var connection = await bench.OpenAdminAsync(ct))
            {
                foreach (var (name, value) in settings)
                {
                    // ALTER SYSTEM takes no parameters; the names and values are the constants above.
                    await using var command = new NpgsqlCommand($"ALTER SYSTEM SET {name} = '{value}'", connection);
                    await command.ExecuteNonQueryAsync(ct);
                }
            }

            await cluster.RestartAsync(ct);
            await bench.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", ct);
            // Known only once the library is loaded: count planning too, so the phases can tell parse/plan from execution.
            await bench.ExecuteAsync("ALTER SYSTEM SET pg_stat_statements.track_planning = on", ct);
            await bench.ExecuteAsync("SELECT pg_reload_conf()", ct);
            bench.Description = await bench.DescribeAsync(ct);
            return bench;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public Task<string> CreateDatabaseAsync(string name, CancellationToken ct) => _cluster.CreateDatabaseAsync(name, ct);

    public Task DropDatabaseAsync(string name, CancellationToken ct) => _cluster.DropDatabaseAsync(name, ct);

    /// <summary>Forgets the statement statistics of every database.</summary>
    public Task ResetStatementsAsync(CancellationToken ct) => ExecuteAsync("SELECT pg_stat_statements_reset()", ct);

    /// <summary>Counters that phases report as differences.</summary>
    public async Task<DbCounters> CountersAsync(string database, CancellationToken ct)
    {
        await using var connection = await OpenAdminAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT coalesce(sum(xact_commit + xact_rollback), 0)::bigint FROM pg_stat_database WHERE datname = @db),
                   (SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = @db),
                   w.wal_records, w.wal_bytes::bigint, w.wal_write, w.wal_sync, w.wal_sync_time
            FROM pg_stat_wal w
            """, connection);
        command.Parameters.AddWithValue("db", database);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new DbCounters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
            reader.GetDouble(6));
    }

    /// <summary>The statements of <paramref name="database"/> since the last reset, most called first.</summary>
    public async Task<IReadOnlyList<StatementStat>> TopStatementsAsync(string database, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAdminAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT s.calls, s.total_exec_time, s.rows, s.plans, s.total_plan_time,
                   trim(regexp_replace(regexp_replace(s.query, '^\s*--[^\n]*$', '', 'gn'), '\s+', ' ', 'g'))
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = @db
            ORDER BY s.calls DESC, s.total_exec_time DESC
            LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("db", database);
        command.Parameters.AddWithValue("limit", limit);
        var result = new List<StatementStat>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new StatementStat(reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4), reader.GetString(5)));
        }

        return result;
    }

    /// <summary>The postmaster's process id (CPU accounting of the whole server: its children are its backends).</summary>
    public int PostmasterPid()
    {
        var pidFile = Path.Combine(_cluster.DataDirectory, "postmaster.pid");
        return int.Parse(File.ReadLines(pidFile).First().Trim(), CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    private async Task<string> DescribeAsync(CancellationToken ct)
    {
        await using var connection = await OpenAdminAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT current_setting('server_version') || ': ' || string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name)
            FROM pg_settings
            WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'shared_buffers', 'max_wal_size',
                           'checkpoint_timeout', 'max_connections', 'wal_sync_method')
            """, connection);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var connection = await OpenAdminAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<NpgsqlConnection> OpenAdminAsync(CancellationToken ct)
    {
        // Unpooled: the server restarts once, and the benchmark's own statements stay out of the silos' pools.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_cluster.AdminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}

/// <summary>How durable the cluster is.</summary>
internal enum PostgresMode
{
    /// <summary>Production: fsync, synchronous_commit and full_page_writes on, wal_level replica.</summary>
    Durable,

    /// <summary>As <see cref="Durable"/>, but synchronous_commit off: what the runtime would get if no commit waited for a WAL flush.</summary>
    AsyncCommit,

    /// <summary>The test cluster's settings: fsync, synchronous_commit and full_page_writes off, wal_level minimal.</summary>
    Fast,
}

/// <summary>Cumulative counters: transactions and statements of one database, and the server's WAL activity.</summary>
internal readonly record struct DbCounters(long Transactions, long Statements, long WalRecords, long WalBytes, long WalWrites, long WalSyncs,
    double WalSyncMs)
{
    public static DbCounters operator -(DbCounters a, DbCounters b) => new(a.Transactions - b.Transactions, a.Statements - b.Statements,
        a.WalRecords - b.WalRecords, a.WalBytes - b.WalBytes, a.WalWrites - b.WalWrites, a.WalSyncs - b.WalSyncs, a.WalSyncMs - b.WalSyncMs);
}

/// <summary>One normalized statement of pg_stat_statements.</summary>
internal sealed record StatementStat(long Calls, double TotalMs, long Rows, long Plans, double PlanMs, string Query);
