using Bptl.Camunda;
using Bptl.Grains;

namespace Bptl.Silo.Options;

/// <summary>Everything a silo is configured with: the <c>Bptl</c> configuration section.</summary>
public sealed class BptlOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Bptl";

    /// <summary>This silo.</summary>
    public SiloOptions Silo { get; set; } = new();

    /// <summary>The grain runtime's database.</summary>
    public StorageOptions Storage { get; set; } = new();

    /// <summary>The engines, by name; topics refer to them. Usually one, named <c>default</c>.</summary>
    public Dictionary<string, CamundaClientOptions> Engines { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Topics seeded into the database at start; admins change them at run time afterwards.</summary>
    public List<TopicSeed> Topics { get; set; } = [];

    /// <summary>Timings of the grains' loops.</summary>
    public GrainRuntimeOptions Grains { get; set; } = new();

    /// <summary>The direct-execution API.</summary>
    public ApiOptions Api { get; set; } = new();

    /// <summary>Work units run on a schedule, once per tick across the cluster. Default none.</summary>
    public List<CronOptions> Cron { get; set; } = [];
}

/// <summary>This silo's place in the cluster and its timings.</summary>
public sealed class SiloOptions
{
    /// <summary>A readable name (logs, worker ids, the admin). Default: the host name and process id.</summary>
    public string Name { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>The silo group; a topic can be restricted to one group. Default <c>default</c>.</summary>
    public string Group { get; set; } = "default";

    /// <summary>Topics this silo may serve (<c>topic</c> or <c>engine/topic</c>); empty for all. Default empty.</summary>
    public List<string> Topics { get; set; } = [];

    /// <summary>How many work units this silo runs at once. Default 32.</summary>
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>How often the silo beats its heart. Default 2 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A silo silent this long is dead: its leases and activations are taken over. Default 10 s.</summary>
    public TimeSpan DeadAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A topic lease's lifetime; it is renewed every third of it. Default 15 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often available tasks are looked for besides notifications. Default 5 s.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the elected silo runs maintenance (dead silos, rescue, pruning). Default 10 s.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Rescues after which a task is poisoned (an incident instead of another run). Default 3.</summary>
    public int MaxRescues { get; set; } = 3;

    /// <summary>How long finished task grains and their timelines are kept. Default 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a stopping silo lets running work units finish before it hands them back. Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where to serve <c>/health/live</c>, <c>/health/ready</c> and <c>/health</c>, for example <c>http://0.0.0.0:8081</c>,
    /// and, when <c>Bptl:Api:Keys</c> are configured, the direct-execution API; null for no HTTP endpoint. Default null.
    /// </summary>
    public string? HealthUrl { get; set; }

    /// <summary>How long the silo waits for its database at start. Default 60 s.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A folder of work-unit plugins loaded at start, one subfolder per plugin holding <c>&lt;subfolder&gt;.dll</c> and
    /// its dependencies; relative to the content root. Null for no plugins. Default null.
    /// </summary>
    public string? PluginFolder { get; set; }
}

/// <summary>The grain runtime's PostgreSQL database.</summary>
public sealed class StorageOptions
{
    /// <summary>An Npgsql connection string. Required.</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>A topic as configuration seeds it.</summary>
public sealed class TopicSeed
{
    /// <summary>The engine's name. Default <c>default</c>.</summary>
    public string Engine { get; set; } = "default";

    /// <summary>The topic. Required.</summary>
    public string? Topic { get; set; }

    /// <summary>The work unit. Required.</summary>
    public string? WorkUnit { get; set; }

    /// <summary>Whether it is fetched. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The silo group that serves it; null for any. Default null.</summary>
    public string? SiloGroup { get; set; }

    /// <summary>The engine lock per fetch. Default 5 minutes.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most tasks per fetch. Default 10.</summary>
    public int MaxTasksPerFetch { get; set; } = 10;

    /// <summary>The most tasks of the topic one silo runs at once. Default 10.</summary>
    public int Concurrency { get; set; } = 10;

    /// <summary>Retries after the first failure. Default 3.</summary>
    public int Retries { get; set; } = 3;

    /// <summary>The retry timeout after the first failure. Default 10 s.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Growth of the retry timeout per failure. Default 2.</summary>
    public double RetryFactor { get; set; } = 2;

    /// <summary>The longest retry timeout. Default 10 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Exception types or error kinds that skip the retries. Default none.</summary>
    public List<string> NonRetryable { get; set; } = [];

    /// <summary>The variables to fetch; empty for all. Default all.</summary>
    public List<string> Variables { get; set; } = [];

    /// <summary>
    /// When set, inputs or outputs that break the work unit's contract are thrown as a BPMN error with this code;
    /// when null (the default) they are a failure without retries.
    /// </summary>
    public string? ContractErrorCode { get; set; }
}
