namespace Bptl.Embedded;

/// <summary>
/// A throwaway PostgreSQL cluster in its own folder under <see cref="PostgresClusterOptions.RootDirectory"/>,
/// listening on a free 127.0.0.1 port with trust authentication for the <c>postgres</c> superuser and tuned for
/// speed over durability. Dispose stops it and deletes the folder; a process-exit hook does the same if the
/// run ends without disposing, and the next start sweeps away clusters whose owning process was killed.
/// </summary>
public sealed partial class PostgresCluster : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private static readonly TimeSpan s_stepTimeout = TimeSpan.FromSeconds(45);

    private readonly PostgresClusterOptions _options;
    private readonly PgTools _tools;
    private readonly ClusterFolder _folder;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly ExitHook _exitHook;
    private volatile int _postmasterPid;
    private int _disposed;

    private PostgresCluster(PostgresClusterOptions options, PgTools tools, ClusterFolder folder)
    {
        _options = options;
        _tools = tools;
        _folder = folder;
        _exitHook = new ExitHook(StopOnProcessExit, options.StopOnSignals);
    }

    /// <summary>The cluster folder (owner marker, <c>data/</c>, <c>postgres.log</c>, unix socket).</summary>
    public string Directory => _folder.Path;

    /// <summary>The data directory (PGDATA).</summary>
    public string DataDirectory => _folder.DataDirectory;

    /// <summary>The server log, appended across restarts.</summary>
    public string LogFile => _folder.LogFile;

    /// <summary>The folder of the PostgreSQL tools in use.</summary>
    public string BinDirectory => _tools.BinDirectory;

    /// <summary>The loopback TCP port; it stays the same across <see cref="RestartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>Whether the server is running (false after <see cref="StopServerAsync"/> or dispose).</summary>
    public bool IsRunning => _postmasterPid != 0;

    /// <summary>A connection string for the superuser to the <c>postgres</c> database.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    /// <summary>Starts a fresh cluster: sweep stale ones, initdb, start, wait until it accepts connections.</summary>
    /// <exception cref="PostgresClusterException">The tools are missing or initdb/pg_ctl failed (with their stderr).</exception>
    public static async Task<PostgresCluster> StartAsync(PostgresClusterOptions? options = null, CancellationToken ct = default)
    {
        options ??= new PostgresClusterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StartTimeout, TimeSpan.FromSeconds(1), nameof(options));

        var tools = PgTools.For(await PostgresBinaries.LocateAsync(options.BinDirectory, ct), options.UnprivilegedUser);
        if (options.SweepStaleClusters)
        {
            await StaleClusterSweeper.SweepAsync(options.ResolvedRootDirectory, tools, ct);
        }

        var cluster = new PostgresCluster(options, tools, await ClusterFolder.CreateAsync(options.ResolvedRootDirectory, tools, ct));
        try
        {
            await cluster.InitializeAsync(ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops and deletes the clusters under the root whose owning process is gone (kept folders stay).
    /// <see cref="StartAsync"/> does this already; returns the folders removed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SweepStaleClustersAsync(
        PostgresClusterOptions? options = null, CancellationToken ct = default)
    {
        options ??= new PostgresClusterOptions();
        var tools = PgTools.For(await PostgresBinaries.LocateAsync(options.BinDirectory, ct), options.UnprivilegedUser);
        return await StaleClusterSweeper.SweepAsync(options.ResolvedRootDirectory, tools, ct);
    }

    /// <summary>Stops the server (fast shutdown, then immediate, then kill); the folder stays.</summary>
    public async Task StopServerAsync(CancellationToken ct)
    {
        await _lifecycle.WaitAsync(ct);
        try
        {
            await StopServerCoreAsync(ct);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Starts a stopped server again on the same port and data directory.</summary>
    public async Task StartServerAsync(CancellationToken ct)
    {
        await _lifecycle.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (!IsRunning)
            {
                await StartServerCoreAsync(mayMovePort: false, ct);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops and starts the server on the same port and data directory; data persists.</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        await _lifecycle.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            await StopServerCoreAsync(ct);
            await StartServerCoreAsync(mayMovePort: false, ct);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the server and deletes the folder (or marks it kept, see <see cref="PostgresClusterOptions.KeepDirectory"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _exitHook.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _lifecycle.WaitAsync(timeout.Token);
        try
        {
            // If stopping fails the folder stays: deleting it would orphan a running server beyond the sweep's reach.
            await StopServerCoreAsync(timeout.Token);
            FinishFolder();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task InitializeAsync(CancellationToken ct)
    {
        await _tools.RunCheckedAsync(
            "initdb",
            ["-D", DataDirectory, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"],
            _options.ResolvedRootDirectory, TimeSpan.FromMinutes(2), "initdb could not create the cluster", ct);
        _folder.IncludeServerConfig();
        Port = FindFreePort();
        _folder.WriteServerConfig(Port, _options.MaxConnections);
        await StartServerCoreAsync(mayMovePort: true, ct);
    }

    private void FinishFolder()
    {
        if (_options.KeepDirectory)
        {
            _folder.MarkKept();
        }
        else
        {
            _folder.Delete();
        }
    }
}
