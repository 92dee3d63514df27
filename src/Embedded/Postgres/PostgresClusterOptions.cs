namespace Bptl.Embedded;

/// <summary>How <see cref="PostgresCluster.StartAsync"/> finds, lays out and tunes a throwaway cluster.</summary>
public sealed record PostgresClusterOptions
{
    /// <summary>Name of the environment variable that names the folder holding initdb, pg_ctl and postgres.</summary>
    public const string BinDirectoryVariable = "BPTL_PG_BIN";

    /// <summary>
    /// Folder holding initdb, pg_ctl and postgres. Default null: the <c>BPTL_PG_BIN</c> environment variable,
    /// else <c>pg_config --bindir</c>, else initdb on PATH, else the highest
    /// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>.
    /// </summary>
    public string? BinDirectory { get; init; }

    /// <summary>
    /// Parent of the cluster folders; stale clusters under it are swept at start.
    /// Default null: <see cref="DefaultRootDirectory"/>.
    /// </summary>
    public string? RootDirectory { get; init; }

    /// <summary>The server's <c>max_connections</c>. Default 300 (many test databases and silo pools).</summary>
    public int MaxConnections { get; init; } = 300;

    /// <summary>
    /// Stop the cluster when the process gets SIGINT, SIGTERM, SIGQUIT or SIGHUP (it is always stopped on a normal exit).
    /// Default true, for test runs stopped from outside; turn it off in an application that handles those signals
    /// and stops the cluster itself, in its own order.
    /// </summary>
    public bool StopOnSignals { get; init; } = true;

    /// <summary>How long a start may take before it fails. Default 60 seconds.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Operating-system user that runs initdb and pg_ctl when this process is root (PostgreSQL refuses to run
    /// as root). Default "postgres", the user Debian's server package creates.
    /// </summary>
    public string UnprivilegedUser { get; init; } = "postgres";

    /// <summary>
    /// Keep the (stopped) cluster folder on dispose for inspection instead of deleting it; the sweep leaves
    /// kept folders alone. Default false.
    /// </summary>
    public bool KeepDirectory { get; init; }

    /// <summary>Remove clusters whose owning process is gone before starting. Default true.</summary>
    public bool SweepStaleClusters { get; init; } = true;

    /// <summary>The default parent of cluster folders: <c>bptl-pg</c> under the system temp folder.</summary>
    public static string DefaultRootDirectory => Path.Combine(Path.GetTempPath(), "bptl-pg");

    internal string ResolvedRootDirectory => RootDirectory ?? DefaultRootDirectory;
}
