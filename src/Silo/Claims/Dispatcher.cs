using System.Collections.Concurrent;
using Bptl.Grains;
using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Persistence;
using Bptl.Silo.Membership;
using Bptl.Silo.Topics;
using Microsoft.Extensions.Logging;

namespace Bptl.Silo.Claims;

/// <summary>
/// Spreads work over the silos: when tasks of a topic become available (a notification from the poller's silo,
/// a rescue, a hand-back) every eligible silo with free slots claims some, each in one statement with FOR UPDATE
/// SKIP LOCKED. Without notifications (a broken listener) it still finds them from the cluster view's backlog.
/// </summary>
internal sealed partial class Dispatcher(
    ITaskStore store,
    SlotPool slots,
    ClusterView view,
    TopicRegistry topics,
    SiloEligibility eligibility,
    SiloIdentity silo,
    ActivationScheduler scheduler,
    GrainRuntimeOptions grainOptions,
    TimeSpan scanInterval,
    TimeProvider time,
    ILogger<Dispatcher> logger)
{
    private readonly ConcurrentDictionary<TopicKey, byte> _hot = new();
    private readonly AsyncPulse _wake = new();

    /// <summary>Hears <c>engine/topic</c> from the notification channel.</summary>
    public void OnTasksAvailable(string payload)
    {
        var slash = payload.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            _hot[new TopicKey(payload[..slash], payload[(slash + 1)..])] = 0;
            _wake.Pulse();
        }
    }

    /// <summary>Notifications may have been missed: look at every topic this silo can run.</summary>
    public void Rescan()
    {
        foreach (var topic in topics.All)
        {
            _hot[topic.Key] = 0;
        }

        _wake.Pulse();
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        var nextScan = time.GetUtcNow();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() >= nextScan)
                {
                    nextScan = time.GetUtcNow() + scanInterval;
                    foreach (var topic in view.TopicsWithBacklog())
                    {
                        _hot[topic] = 0;
                    }
                }

                if (await ClaimHotTopicsAsync(stopping).ConfigureAwait(false) > 0)
                {
                    continue;
                }

                // Nothing claimable now: wait for news, or for a slot when topics still have tasks waiting.
                var wait = nextScan - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await (_hot.IsEmpty
                        ? _wake.WaitAsync(wait, time, stopping)
                        : Task.WhenAny(_wake.WaitAsync(wait, time, stopping), slots.Released.WaitAsync(wait, time, stopping))).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (StorageRetry.IsTransient(ex))
            {
                LogClaimFailed(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Claims what it can for every hot topic; returns how many tasks it claimed.</summary>
    private async Task<int> ClaimHotTopicsAsync(CancellationToken stopping)
    {
        var total = 0;
        foreach (var topic in _hot.Keys)
        {
            var settings = topics.Get(topic);
            if (settings is null || !eligibility.CanRun(settings))
            {
                _hot.TryRemove(topic, out _);
                continue;
            }

            var reserved = slots.Reserve(topic, settings.Concurrency, slots.Free);
            if (reserved == 0)
            {
                continue;
            }

            IReadOnlyList<TaskRecord> claimed;
            try
            {
                claimed = await store.ClaimAsync(silo.Id, topic, reserved, grainOptions.ActivationLeaseGrace, stopping).ConfigureAwait(false);
            }
            catch
            {
                slots.Release(topic, reserved);
                throw;
            }

            foreach (var record in claimed)
            {
                scheduler.Start(record);
            }

            slots.Release(topic, reserved - claimed.Count);
            if (claimed.Count < reserved)
            {
                _hot.TryRemove(topic, out _);
            }

            if (claimed.Count > 0)
            {
                total += claimed.Count;
                LogClaimed(logger, claimed.Count, topic);
            }
        }

        return total;
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Claimed {Count} tasks of topic {Topic}")]
    private static partial void LogClaimed(ILogger logger, int count, TopicKey topic);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Claiming tasks failed: {Error}; retrying")]
    private static partial void LogClaimFailed(ILogger logger, string error);
}
