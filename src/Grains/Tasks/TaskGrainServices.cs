using Bptl.Grains.Engines;
using Bptl.Grains.Execution;
using Bptl.Grains.Persistence;
using Bptl.Grains.Topics;
using Microsoft.Extensions.Logging;

namespace Bptl.Grains.Tasks;

/// <summary>What every task grain activation of a silo shares.</summary>
public sealed class TaskGrainServices(
    IServiceProvider services,
    WorkUnitCatalog workUnits,
    WorkUnitExecutor executor,
    ITaskStore store,
    IEngineClients engines,
    ITopicSettingsSource topics,
    OutcomeReporter reporter,
    ISiloIdentity silo,
    GrainRuntimeOptions options,
    TimeProvider time,
    ILoggerFactory loggerFactory)
{
    /// <summary>The root services; each run gets a scope of them.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>The work units of this silo.</summary>
    public WorkUnitCatalog WorkUnits { get; } = workUnits;

    /// <summary>Runs work units.</summary>
    public WorkUnitExecutor Executor { get; } = executor;

    /// <summary>The grains' storage.</summary>
    public ITaskStore Store { get; } = store;

    /// <summary>The engines.</summary>
    public IEngineClients Engines { get; } = engines;

    /// <summary>The topics' settings.</summary>
    public ITopicSettingsSource Topics { get; } = topics;

    /// <summary>The reporter.</summary>
    public OutcomeReporter Reporter { get; } = reporter;

    /// <summary>This silo.</summary>
    public ISiloIdentity Silo { get; } = silo;

    /// <summary>Timings.</summary>
    public GrainRuntimeOptions Options { get; } = options;

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>Logging.</summary>
    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    /// <summary>A grain for one activation of <paramref name="record"/>.</summary>
    public TaskGrain Create(TaskRecord record) => new(record, this);
}
