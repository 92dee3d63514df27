using Bptl.Camunda;
using Bptl.Camunda.Errors;
using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Persistence;
using Microsoft.Extensions.Logging;

namespace Bptl.Grains.Tasks;

/// <summary>Why a lock keeper stopped.</summary>
internal enum LockVerdict
{
    /// <summary>The work ended while the lock was held.</summary>
    Held,
    /// <summary>The engine refused to extend: another worker holds the task, or the lock expired.</summary>
    Lost,
    /// <summary>The engine no longer has the task: cancelled, or finished elsewhere.</summary>
    Gone,
    /// <summary>A newer activation took the grain over (the fence no longer matches).</summary>
    Superseded,
}

/// <summary>
/// Keeps a running task's engine lock alive: it extends the lock when a set fraction of the lock duration is left,
/// records the new expiry (which also extends the activation lease), and trips when the lock cannot be kept.
/// Transient engine errors are retried until the lock would expire.
/// </summary>
internal sealed partial class LockKeeper(
    CamundaClient engine,
    ITaskStore store,
    TaskRecord record,
    TaskFence fence,
    TimeSpan lockDuration,
    GrainRuntimeOptions options,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    public DateTimeOffset LockExpiresAt { get; private set; } = record.LockExpiresAt;

    /// <summary>When the next extension is due.</summary>
    public static DateTimeOffset NextExtension(DateTimeOffset lockExpiresAt, TimeSpan lockDuration, double extendWhenLeft) =>
        lockExpiresAt - (lockDuration * extendWhenLeft);

    /// <summary>Extends now if the extension is already due; returns Held when the lock is good to start work.</summary>
    public async Task<LockVerdict> EnsureAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() < NextExtension(LockExpiresAt, lockDuration, options.ExtendLockWhenLeft))
        {
            return LockVerdict.Held;
        }

        while (true)
        {
            if (await TryExtendAsync(cancellationToken).ConfigureAwait(false) is { } settled)
            {
                return settled;
            }

            var now = time.GetUtcNow();
            if (now < NextExtension(LockExpiresAt, lockDuration, options.ExtendLockWhenLeft))
            {
                return LockVerdict.Held;
            }

            if (now >= LockExpiresAt)
            {
                return LockVerdict.Lost;
            }

            await Task.Delay(RetryEvery, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps the lock until <paramref name="stop"/> fires (Held), or until it trips: then <paramref name="trip"/> runs first.</summary>
    public async Task<LockVerdict> RunAsync(Action trip, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var wait = NextExtension(LockExpiresAt, lockDuration, options.ExtendLockWhenLeft) - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    // Timers cap out near 49 days; a lock that lasts longer is simply looked at again later.
                    await Task.Delay(wait < LongestWait ? wait : LongestWait, time, stop).ConfigureAwait(false);
                    continue;
                }

                var verdict = await TryExtendAsync(stop).ConfigureAwait(false);
                if (verdict is null && time.GetUtcNow() >= LockExpiresAt)
                {
                    verdict = LockVerdict.Lost;
                }

                if (verdict is { } tripped)
                {
                    trip();
                    return tripped;
                }

                if (time.GetUtcNow() >= NextExtension(LockExpiresAt, lockDuration, options.ExtendLockWhenLeft))
                {
                    await Task.Delay(RetryEvery, time, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return LockVerdict.Held;
        }
    }

    /// <summary>One extension: null when extended (or when a transient error leaves time to retry), else the verdict.</summary>
    private async Task<LockVerdict?> TryExtendAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            await engine.ExternalTasks.ExtendLockAsync(record.Key.TaskId, record.WorkerId, lockDuration, cancellationToken).ConfigureAwait(false);
            LockExpiresAt = now + lockDuration;
            LogExtended(logger, record.Key, LockExpiresAt);
        }
        catch (CamundaNotFoundException)
        {
            LogGone(logger, record.Key);
            return LockVerdict.Gone;
        }
        catch (CamundaLockConflictException ex)
        {
            LogLost(logger, record.Key, ex.EngineMessage);
            return LockVerdict.Lost;
        }
        catch (CamundaException ex)
        {
            LogExtendFailed(logger, record.Key, ex.Message);
            return null;
        }

        try
        {
            if (!await store.RecordLockExtendedAsync(fence, LockExpiresAt, options.ActivationLeaseGrace, cancellationToken).ConfigureAwait(false))
            {
                return LockVerdict.Superseded;
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The engine lock is what matters for the work; the stored expiry catches up at the next extension.
            LogRecordFailed(logger, ex, record.Key);
        }

        return null;
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Extended the lock of task {Task} to {LockExpiresAt}")]
    private static partial void LogExtended(ILogger logger, TaskGrainKey task, DateTimeOffset lockExpiresAt);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Lost the lock of task {Task}: {EngineMessage}; its work unit is cancelled and its outcome discarded")]
    private static partial void LogLost(ILogger logger, TaskGrainKey task, string? engineMessage);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Task {Task} no longer exists in the engine; its work unit is cancelled")]
    private static partial void LogGone(ILogger logger, TaskGrainKey task);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Could not extend the lock of task {Task}, retrying: {Error}")]
    private static partial void LogExtendFailed(ILogger logger, TaskGrainKey task, string error);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "Could not record the extended lock of task {Task}")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, TaskGrainKey task);
}
