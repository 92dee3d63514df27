using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Topics;
using Bptl.Storage.Silos;

namespace Bptl.Silo.Claims;

/// <summary>
/// What this silo knows of the others, refreshed every heartbeat: the live silos with their free slots, and the
/// tasks waiting to be claimed per topic. Pollers size their fetches with it.
/// </summary>
internal sealed class ClusterView
{
    private Snapshot _snapshot = new([], new Dictionary<(string Engine, string Topic), long>());

    public AsyncPulse Updated { get; } = new();

    public IReadOnlyList<LiveSilo> Silos => Volatile.Read(ref _snapshot).Silos;

    public void Update(IReadOnlyList<LiveSilo> silos, IReadOnlyDictionary<(string Engine, string Topic), long> backlog)
    {
        Volatile.Write(ref _snapshot, new Snapshot(silos, backlog));
        Updated.Pulse();
    }

    /// <summary>Slots other live silos have free for <paramref name="topic"/> (each within the topic's limit).</summary>
    public int RemoteFree(TopicSettings topic, Guid self)
    {
        var free = 0;
        foreach (var silo in Volatile.Read(ref _snapshot).Silos)
        {
            if (silo.SiloId != self && Eligibility.CanRun(silo.SiloGroup, silo.WorkUnits, silo.Topics, topic))
            {
                free += Math.Min(silo.FreeSlots, topic.Concurrency);
            }
        }

        return free;
    }

    /// <summary>Tasks of <paramref name="topic"/> waiting to be claimed.</summary>
    public long Backlog(TopicKey topic) => Volatile.Read(ref _snapshot).Backlog.GetValueOrDefault((topic.Engine, topic.Topic));

    /// <summary>Topics with tasks waiting.</summary>
    public IEnumerable<TopicKey> TopicsWithBacklog() =>
        Volatile.Read(ref _snapshot).Backlog.Where(b => b.Value > 0).Select(b => new TopicKey(b.Key.Engine, b.Key.Topic));

    private sealed record Snapshot(IReadOnlyList<LiveSilo> Silos, IReadOnlyDictionary<(string Engine, string Topic), long> Backlog);
}
