using Bptl.Grains.Interfaces.Grains;

namespace Bptl.Grains.Topics;

/// <summary>
/// Backpressure for pollers: how many tasks a fetch may ask for, so that the cluster never fetches more than it can
/// start before the engine locks expire.
/// </summary>
public interface IFetchCapacity
{
    /// <summary>
    /// Waits until at least one task of <paramref name="topic"/> can start somewhere, then grants a fetch size and
    /// reserves this silo's share of slots (the fetching silo starts those tasks at once).
    /// </summary>
    ValueTask<FetchGrant> AcquireAsync(TopicSettings topic, CancellationToken cancellationToken);

    /// <summary>Returns reserved slots that the fetch did not use.</summary>
    void Release(TopicKey topic, int slots);
}

/// <summary>A fetch's size and this silo's reserved slots.</summary>
/// <param name="MaxTasks">How many tasks to ask for.</param>
/// <param name="Reserved">How many of them this silo reserved slots for.</param>
public readonly record struct FetchGrant(int MaxTasks, int Reserved);
