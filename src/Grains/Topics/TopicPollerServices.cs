using Bptl.Grains.Engines;
using Bptl.Grains.Persistence;
using Bptl.Grains.Tasks;
using Microsoft.Extensions.Logging;

namespace Bptl.Grains.Topics;

/// <summary>What the topic pollers of a silo share.</summary>
public sealed class TopicPollerServices(
    IEngineClients engines,
    ITopicSettingsSource topics,
    IFetchCapacity capacity,
    ITaskStore store,
    IActivationScheduler scheduler,
    ISiloIdentity silo,
    GrainRuntimeOptions options,
    TimeProvider time,
    ILoggerFactory loggerFactory)
{
    /// <summary>The engines.</summary>
    public IEngineClients Engines { get; } = engines;

    /// <summary>The topics' settings.</summary>
    public ITopicSettingsSource Topics { get; } = topics;

    /// <summary>Backpressure.</summary>
    public IFetchCapacity Capacity { get; } = capacity;

    /// <summary>The grains' storage.</summary>
    public ITaskStore Store { get; } = store;

    /// <summary>Where fetched tasks start.</summary>
    public IActivationScheduler Scheduler { get; } = scheduler;

    /// <summary>This silo.</summary>
    public ISiloIdentity Silo { get; } = silo;

    /// <summary>Timings.</summary>
    public GrainRuntimeOptions Options { get; } = options;

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>Logging.</summary>
    public ILoggerFactory LoggerFactory { get; } = loggerFactory;
}
