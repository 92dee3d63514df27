namespace Bptl.Grains.Interfaces.Grains;

/// <summary>
/// One external task's grain. Its durable state tracks the engine lock, the attempt, the outcome and what was
/// reported. At most one activation runs at a time in the whole cluster.
/// </summary>
public interface ITaskGrain
{
    /// <summary>The grain's identity.</summary>
    TaskGrainKey Key { get; }

    /// <summary>
    /// Runs this activation: the work unit, with the engine lock kept alive, then the outcome persisted and
    /// reported. Returns when the activation is over; <paramref name="cancellationToken"/> stops it (silo shutdown).
    /// </summary>
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The single poller of one topic in the cluster: it long-polls the engine while its silo holds the topic's lease,
/// and turns every fetched task into a task grain.
/// </summary>
public interface ITopicPollerGrain
{
    /// <summary>The topic polled.</summary>
    TopicKey Key { get; }

    /// <summary>Polls until <paramref name="leaseToken"/> fires: the lease was lost or released, or the silo stops.</summary>
    Task RunAsync(CancellationToken leaseToken);
}
