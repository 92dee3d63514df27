using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Topics;
using Bptl.Silo.Membership;

namespace Bptl.Silo.Claims;

/// <summary>
/// Backpressure: a fetch asks for what this silo can start now (its share of free slots, split between the topics
/// it polls) plus what other silos have free and are not already busy with (their free slots minus the topic's
/// waiting tasks). With nothing free anywhere it waits, and nothing is fetched that could not start soon.
/// </summary>
internal sealed class FetchCapacity(SlotPool slots, ClusterView view, SiloIdentity silo, Func<int> pollers, TimeSpan refresh, TimeProvider time)
    : IFetchCapacity
{
    public async ValueTask<FetchGrant> AcquireAsync(TopicSettings topic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var share = Math.Min(topic.MaxTasksPerFetch, LocalShare(slots.Free, pollers()));
            var reserved = slots.Reserve(topic.Key, topic.Concurrency, share);
            var grant = Plan(reserved, view.RemoteFree(topic, silo.Id), view.Backlog(topic.Key), topic.MaxTasksPerFetch);
            if (grant.MaxTasks > 0)
            {
                return grant;
            }

            slots.Release(topic.Key, reserved);
            await Task.WhenAny(
                slots.Released.WaitAsync(refresh, time, cancellationToken),
                view.Updated.WaitAsync(refresh, time, cancellationToken)).ConfigureAwait(false);
        }
    }

    public void Release(TopicKey topic, int slotsToRelease) => slots.Release(topic, slotsToRelease);

    /// <summary>This poller's share of the silo's free slots: the pollers of one silo split them evenly.</summary>
    internal static int LocalShare(int free, int pollers) => free <= 0 ? 0 : Math.Max(1, free / Math.Max(1, pollers));

    /// <summary>The fetch size: the local reservation plus the other silos' spare slots, at most <paramref name="maxPerFetch"/>.</summary>
    internal static FetchGrant Plan(int reserved, int remoteFree, long backlog, int maxPerFetch)
    {
        var remoteSpare = (int)Math.Max(0, remoteFree - backlog);
        return new FetchGrant(Math.Min(maxPerFetch, reserved + remoteSpare), reserved);
    }
}
