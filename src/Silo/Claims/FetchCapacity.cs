using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Topics;
using Bptl.Silo.Membership;
using Bptl.Silo.Topics;

namespace Bptl.Silo.Claims;

/// <summary>
/// Backpressure: a fetch asks for what this silo can start now (its share of free slots, split between the topics
/// it polls) plus what other silos have free and are not already busy with (their free slots minus the topic's
/// waiting tasks). With nothing free anywhere it waits, and nothing is fetched that could not start soon.
/// </summary>
/// <remarks>
/// Tasks already waiting in storage (rescued, handed back, fetched by another silo) come first: the slots this silo
/// could claim them with are left to the dispatcher. A poll holds its reservation for the whole long poll, so without
/// that an idle topic's poller would take every free slot again after each empty poll, and a rescued task that only
/// this silo can run would wait for its engine lock to expire.
/// </remarks>
internal sealed class FetchCapacity(SlotPool slots, ClusterView view, TopicRegistry topics, SiloEligibility eligibility, SiloIdentity silo,
    Func<int> pollers, TimeSpan refresh, TimeProvider time)
    : IFetchCapacity
{
    public async ValueTask<FetchGrant> AcquireAsync(TopicSettings topic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var share = Math.Min(topic.MaxTasksPerFetch, LocalShare(slots.Free - WaitingHere(), pollers()));
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

    /// <summary>Waiting tasks this silo could claim now: of topics it can run, within each topic's free slots here.</summary>
    private int WaitingHere()
    {
        var waiting = 0L;
        foreach (var key in view.TopicsWithBacklog())
        {
            if (topics.Get(key) is { } settings && eligibility.CanRun(settings))
            {
                waiting += Math.Min(view.Backlog(key), slots.FreeFor(key, settings.Concurrency));
            }
        }

        return (int)Math.Min(waiting, int.MaxValue);
    }

    /// <summary>This poller's share of the silo's free slots: the pollers of one silo split them evenly.</summary>
    internal static int LocalShare(int free, int pollers) => free <= 0 ? 0 : Math.Max(1, free / Math.Max(1, pollers));

    /// <summary>The fetch size: the local reservation plus the other silos' spare slots, at most <paramref name="maxPerFetch"/>.</summary>
    internal static FetchGrant Plan(int reserved, int remoteFree, long backlog, int maxPerFetch)
    {
        var remoteSpare = (int)Math.Max(0, remoteFree - backlog);
        return new FetchGrant(Math.Min(maxPerFetch, reserved + remoteSpare), reserved);
    }
}
