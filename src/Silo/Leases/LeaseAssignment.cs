using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Topics;
using Bptl.Silo.Claims;
using Bptl.Storage.Silos;

namespace Bptl.Silo.Leases;

/// <summary>
/// Which silo should hold each topic's lease: every enabled topic goes to an eligible live silo, balancing the
/// count per silo; ties go to the silo that ranks the topic highest by rendezvous hashing, so the assignment is the
/// same on every silo that sees the same membership, and moves few topics when it changes.
/// </summary>
internal static class LeaseAssignment
{
    public static Result Assign(IEnumerable<TopicSettings> topics, IReadOnlyList<LiveSilo> silos)
    {
        var load = silos.ToDictionary(s => s.SiloId, _ => 0);
        var owners = new Dictionary<TopicKey, Guid>();
        var orphans = new List<TopicSettings>();
        foreach (var topic in topics.Where(t => t.Enabled).OrderBy(t => t.Key.Engine, StringComparer.Ordinal).ThenBy(t => t.Key.Topic, StringComparer.Ordinal))
        {
            LiveSilo? best = null;
            foreach (var silo in silos)
            {
                if (!Eligibility.CanRun(silo.SiloGroup, silo.WorkUnits, silo.Topics, topic))
                {
                    continue;
                }

                if (best is null
                    || load[silo.SiloId] < load[best.SiloId]
                    || (load[silo.SiloId] == load[best.SiloId] && Rank(topic.Key, silo.SiloId) > Rank(topic.Key, best.SiloId)))
                {
                    best = silo;
                }
            }

            if (best is null)
            {
                orphans.Add(topic);
                continue;
            }

            owners[topic.Key] = best.SiloId;
            load[best.SiloId]++;
        }

        return new Result(owners, orphans);
    }

    /// <summary>The rendezvous weight of (topic, silo).</summary>
    internal static ulong Rank(TopicKey topic, Guid silo)
    {
        // FNV-1a over the topic's UTF-8 bytes and the silo id: stable across processes and versions.
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        var hash = offset;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(topic.ToString()))
        {
            hash = (hash ^ b) * prime;
        }

        Span<byte> id = stackalloc byte[16];
        silo.TryWriteBytes(id);
        foreach (var b in id)
        {
            hash = (hash ^ b) * prime;
        }

        // A final avalanche so that ids differing in one byte rank far apart.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }

    /// <summary>The owners of the assigned topics, and the enabled topics no live silo can run.</summary>
    public sealed record Result(IReadOnlyDictionary<TopicKey, Guid> Owners, IReadOnlyList<TopicSettings> Orphans);
}
