using Bptl.Grains.Interfaces.Grains;

namespace Bptl.Storage.Topics;

/// <summary>Where a topic stands in the cluster.</summary>
public enum TopicState
{
    /// <summary>Disabled: nobody fetches it, on purpose.</summary>
    Disabled,

    /// <summary>A live silo holds its lease and polls it.</summary>
    Polled,

    /// <summary>Live silos may serve it but none holds its lease yet (a takeover or a start in progress).</summary>
    Unassigned,

    /// <summary>
    /// No live silo can run it (none has its work unit, or none in its group or allowed to serve it): nobody polls
    /// it, and its tasks stay in the engine untouched until such a silo joins.
    /// </summary>
    NoEligibleSilo,
}

/// <summary>A topic's state as the admin UI shows it; read with <see cref="TopicStore.StatusAsync"/>.</summary>
public sealed record TopicStatus
{
    /// <summary>The topic.</summary>
    public required TopicKey Key { get; init; }

    /// <summary>The work unit it maps to.</summary>
    public required string WorkUnit { get; init; }

    /// <summary>Where it stands.</summary>
    public required TopicState State { get; init; }

    /// <summary>The silo polling it, if any.</summary>
    public Guid? Poller { get; init; }

    /// <summary>That silo's name.</summary>
    public string? PollerName { get; init; }

    /// <summary>Live silos that have the work unit.</summary>
    public int SilosWithWorkUnit { get; init; }

    /// <summary>Live silos that may serve the topic (work unit, group, topic restrictions).</summary>
    public int EligibleSilos { get; init; }

    /// <summary>Tasks fetched and waiting for a silo to claim them.</summary>
    public long Waiting { get; init; }

    /// <summary>Why it is not polled, in words; null when it is.</summary>
    public string? Problem { get; init; }
}
