using Xunit;
using System.Globalization;
using Bptl.Camunda;
using Bptl.Camunda.Deployments;
using Bptl.Camunda.ProcessDefinitions;
using Bptl.Sandbox.Hosting;
using Bptl.Testing;
using Bptl.Variables;
using Npgsql;

namespace Bptl.Testing.Cluster;

/// <summary>
/// One test's world: a sandbox engine, a fresh database, topics, and silos started on demand with fast timings
/// (heartbeats every 200 ms, leases of 2 s) so takeovers happen within a test's patience.
/// </summary>
public sealed class Scenario : IAsyncDisposable
{
    private readonly List<SiloHarness> _silos = [];
    private int _topics;

    private Scenario(SandboxEngineHost engine, TestDatabase database)
    {
        Engine = engine;
        Database = database;
        Client = CamundaClient.Create(new CamundaClientOptions { BaseAddress = engine.BaseAddress });
        Configuration = new Dictionary<string, string?>
        {
            ["Bptl:Storage:ConnectionString"] = database.ConnectionString,
            ["Bptl:Engines:default:BaseAddress"] = engine.BaseAddress.ToString(),
            ["Bptl:Engines:default:RequestTimeout"] = "00:00:05",
            ["Bptl:Engines:default:Retry:BaseDelay"] = "00:00:00.050",
            ["Bptl:Engines:default:Retry:MaxDelay"] = "00:00:00.200",
            ["Bptl:Silo:HeartbeatInterval"] = "00:00:00.200",
            ["Bptl:Silo:DeadAfter"] = "00:00:01.500",
            ["Bptl:Silo:LeaseDuration"] = "00:00:02",
            ["Bptl:Silo:DispatchInterval"] = "00:00:01",
            ["Bptl:Silo:MaintenanceInterval"] = "00:00:00.300",
            ["Bptl:Silo:ShutdownTimeout"] = "00:00:05",
            ["Bptl:Silo:StartupTimeout"] = "00:00:30",
            ["Bptl:Grains:PollTimeout"] = "00:00:05",
            ["Bptl:Grains:PollBackoffInitial"] = "00:00:00.100",
            ["Bptl:Grains:PollBackoffMax"] = "00:00:01",
            ["Bptl:Grains:ReportBackoffInitial"] = "00:00:00.100",
            ["Bptl:Grains:ReportBackoffMax"] = "00:00:01",
            ["Bptl:Grains:ActivationLeaseGrace"] = "00:00:02",
        };
    }

    public SandboxEngineHost Engine { get; }

    public CamundaClient Client { get; }

    public TestDatabase Database { get; }

    public Dictionary<string, string?> Configuration { get; }

    public WorkUnitScripts Scripts { get; } = new();

    /// <summary>Registrations added to every silo started after this is set (real work units, services).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? Services { get; set; }

    public IReadOnlyList<SiloHarness> Silos => _silos;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<Scenario> CreateAsync(PostgresFixture postgres, SandboxOptions? sandbox = null)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        return await CreateAsync(await postgres.CreateDatabaseAsync(Ct), sandbox);
    }

    /// <summary>A scenario on <paramref name="database"/>, which it drops at the end.</summary>
    public static async Task<Scenario> CreateAsync(TestDatabase database, SandboxOptions? sandbox = null)
    {
        var engine = await SandboxEngineHost.StartAsync(sandbox ?? new SandboxOptions(), Ct);
        return new Scenario(engine, database);
    }

    /// <summary>Runs a scalar query against the scenario's database.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Database.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>Configures a topic seeded at silo start; <paramref name="settings"/> are extra keys under the topic.</summary>
    public Scenario Topic(string topic, string workUnit, params (string Key, string Value)[] settings)
    {
        var prefix = $"Bptl:Topics:{_topics++.ToString(CultureInfo.InvariantCulture)}:";
        Configuration[prefix + "Topic"] = topic;
        Configuration[prefix + "WorkUnit"] = workUnit;
        Configuration[prefix + "LockDuration"] = "00:00:30";
        Configuration[prefix + "MaxTasksPerFetch"] = "50";
        Configuration[prefix + "Concurrency"] = "50";
        foreach (var (key, value) in settings)
        {
            Configuration[prefix + key] = value;
        }

        return this;
    }

    public Task<SiloHarness> StartSiloAsync(string name, params (string Key, string Value)[] settings) =>
        StartSiloAsync(name, Scripts, null, settings);

    /// <summary>
    /// Starts a silo with the work units of <paramref name="scripts"/> (not necessarily the scenario's) and whatever
    /// <paramref name="services"/> adds to its services (after <see cref="Services"/>).
    /// </summary>
    public async Task<SiloHarness> StartSiloAsync(string name, WorkUnitScripts scripts, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services,
        params (string Key, string Value)[] settings)
    {
        var configuration = new Dictionary<string, string?>(Configuration);
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        var silo = await SiloHarness.StartAsync(name, configuration, scripts, Ct, all =>
        {
            Services?.Invoke(all);
            services?.Invoke(all);
        });
        _silos.Add(silo);
        return silo;
    }

    public Task<Deployment> DeployAsync(string key, string bpmn) =>
        Client.Deployments.CreateAsync(new CreateDeployment { Resources = [DeploymentResource.FromText(key + ".bpmn", bpmn)] }, Ct);

    public Task<ProcessInstance> StartInstanceAsync(string key, VariableMap? variables = null, string? businessKey = null) =>
        Client.ProcessDefinitions.StartByKeyAsync(key, new StartProcessInstance { Variables = variables, BusinessKey = businessKey }, null, Ct);

    /// <summary>Counts task grains, optionally in one state.</summary>
    public async Task<long> CountTasksAsync(string? state = null)
    {
        await using var connection = await Database.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand(
            state is null ? "SELECT count(*) FROM bptl_task" : "SELECT count(*) FROM bptl_task WHERE state = @state", connection);
        command.Parameters.AddWithValue("state", state ?? "");
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>The logs of every silo, for a failed test's message.</summary>
    public string Dump() => Dump(Microsoft.Extensions.Logging.LogLevel.Information);

    /// <summary>The logs of every silo from <paramref name="level"/> up.</summary>
    public string Dump(Microsoft.Extensions.Logging.LogLevel level) => string.Join('\n', _silos.Select(s => s.Logs.Dump(level)));

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        Client.Dispose();
        await Engine.DisposeAsync();
        await Database.DisposeAsync();
    }
}
