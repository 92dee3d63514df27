namespace Bptl.Camunda.Http;

/// <summary>How safely a request may be sent again after an attempt whose outcome is unknown.</summary>
public enum RetrySafety
{
    /// <summary>
    /// Sending it twice has the effect of sending it once, or a second attempt fails cleanly with 404 after a
    /// first that succeeded (reads, puts, complete, failure, bpmnError, extendLock, unlock): retried after
    /// timeouts, dropped connections, 502/503/504 and refused attempts.
    /// </summary>
    Idempotent,

    /// <summary>
    /// A second attempt could do the work twice (start a process, create a deployment, correlate a message) or strand locks
    /// (fetchAndLock): retried only when the engine certainly did not carry out the first attempt (the
    /// connection was refused, or the engine rolled back on optimistic locking or a full long-poll queue).
    /// </summary>
    NotIdempotent,
}
