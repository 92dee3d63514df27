using Bptl.Grains.Interfaces.Grains;

namespace Bptl.Grains.Topics;

/// <summary>
/// Backpressure for pollers: how many tasks a fetch may ask for, so that the cluster never fetches more than it can
/// start before the engine locks expire. Nothing is reserved while a long poll waits; slots are reserved when the
/// tasks arrive, and what does not fit here becomes available to the other silos.
/// </summary>
public interface IFetchCapacity
{
    /// <summary>Waits until at least one task of <paramref name="topic"/> could start somewhere, then says how many to ask for.</summary>
    ValueTask<int> WaitForFetchSizeAsync(TopicSettings topic, CancellationToken cancellationToken);

    /// <summary>Reserves slots here for up to <paramref name="tasks"/> tasks that just arrived; returns how many.</summary>
    int ReserveToStart(TopicSettings topic, int tasks);

    /// <summary>Returns reserved slots that were not used.</summary>
    void Release(TopicKey topic, int slots);
}
