using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Retries;

namespace Bptl.Grains.Topics;

/// <summary>One topic's configuration, as admins set it at run time.</summary>
public sealed record TopicSettings
{
    /// <summary>The engine and topic.</summary>
    public required TopicKey Key { get; init; }

    /// <summary>The work unit that runs the topic's tasks.</summary>
    public required string WorkUnit { get; init; }

    /// <summary>False stops fetching the topic (tasks already fetched still finish).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Only silos of this group fetch and run the topic; null for any silo.</summary>
    public string? SiloGroup { get; init; }

    /// <summary>The engine lock taken per fetch, kept alive while a work unit runs.</summary>
    public required TimeSpan LockDuration { get; init; }

    /// <summary>The most tasks one fetch asks for.</summary>
    public required int MaxTasksPerFetch { get; init; }

    /// <summary>The most tasks of this topic one silo runs at once.</summary>
    public required int Concurrency { get; init; }

    /// <summary>The retry policy.</summary>
    public required RetryPolicy Retry { get; init; }

    /// <summary>The variables to fetch; null for all.</summary>
    public IReadOnlyList<string>? Variables { get; init; }

    /// <summary>
    /// When set, inputs or outputs that break the work unit's contract are thrown as a BPMN error with this code;
    /// when null they are a failure without retries.
    /// </summary>
    public string? ContractErrorCode { get; init; }

    /// <summary>Increases with every change.</summary>
    public long Revision { get; init; }
}

/// <summary>The topics' current settings, refreshed from storage while the silo runs.</summary>
public interface ITopicSettingsSource
{
    /// <summary>The settings of <paramref name="topic"/>, or null when it is not configured (any more).</summary>
    TopicSettings? Get(TopicKey topic);
}
