using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Topics;
using Bptl.Silo.Membership;
using Bptl.Silo.Topics;

namespace Bptl.Silo.Claims;

/// <summary>
/// Backpressure: a fetch asks for what this silo could start now (its share of free slots, split between the topics it
/// polls, after the tasks already waiting in storage that it could claim) plus what other silos have free and are not
/// already busy with (their free slots minus the topic's waiting tasks). With nothing free anywhere it waits, so
/// nothing is fetched that could not start soon.
/// </summary>
/// <remarks>
/// Nothing is reserved while the long poll waits: slots stay free for the dispatcher, so tasks waiting in storage
/// (rescued, handed back, fetched by another silo) start at once. When tasks arrive the poller reserves what fits
/// here; the rest become available to every silo.
/// </remarks>
internal sealed class FetchCapacity(SlotPool slots, ClusterView view, TopicRegistry topics, SiloEligibility eligibility, SiloIdentity silo,
    Func<int> pollers, TimeSpan refresh, TimeProvider time)
    : IFetchCapacity
{
    public async ValueTask<int> WaitForFetchSizeAsync(TopicSettings topic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var waiting = WaitingHere();
            var local = Math.Min(slots.FreeFor(topic.Key, topic.Concurrency), LocalShare(slots.Free - waiting, pollers()));
            var size = Plan(local, view.RemoteFree(topic, silo.Id), view.Backlog(topic.Key), topic.MaxTasksPerFetch).MaxTasks;
            if (size > 0)
            {
                return size;
            }

            await Task.WhenAny(
                slots.Released.WaitAsync(refresh, time, cancellationToken),
                view.Updated.WaitAsync(refresh, time, cancellationToken)).ConfigureAwait(false);
        }
    }

    public int ReserveToStart(TopicSettings topic, int tasks)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return slots.Reserve(topic.Key, topic.Concurrency, tasks);
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

    /// <summary>The fetch size: what can start here plus the other silos' spare slots, at most <paramref name="maxPerFetch"/>.</summary>
    internal static FetchGrant Plan(int local, int remoteFree, long backlog, int maxPerFetch)
    {
        var remoteSpare = (int)Math.Max(0, remoteFree - backlog);
        return new FetchGrant(Math.Min(maxPerFetch, Math.Max(0, local) + remoteSpare), Math.Max(0, local));
    }
}

/// <summary>A fetch size and the part of it that could start here.</summary>
/// <param name="MaxTasks">How many tasks to ask for.</param>
/// <param name="Local">How many of them could start on this silo.</param>
internal readonly record struct FetchGrant(int MaxTasks, int Local);
