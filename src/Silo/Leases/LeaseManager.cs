using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Persistence;
using Bptl.Grains.Topics;
using Bptl.Silo.Claims;
using Bptl.Silo.Membership;
using Bptl.Silo.Options;
using Bptl.Silo.Topics;
using Bptl.Storage.Leases;
using Bptl.Storage.Silos;
using Bptl.Storage.Topics;
using Microsoft.Extensions.Logging;

namespace Bptl.Silo.Leases;

/// <summary>
/// Keeps exactly one poller grain per topic in the cluster. Every tick (a third of the lease time, or at once when
/// topics or membership change) it reads the topics and the live silos, computes the assignment, renews the leases
/// it holds (fenced by epoch), gives up the ones that moved to another silo, and takes the ones assigned to it.
/// A lease it cannot renew in time stops its poller even while the database is unreachable.
/// </summary>
internal sealed partial class LeaseManager(
    LeaseStore leases,
    SiloStore silos,
    TopicStore topicStore,
    TopicRegistry registry,
    SiloIdentity silo,
    SiloEligibility eligibility,
    TopicPollerServices pollerServices,
    SiloOptions options,
    TimeProvider time,
    ILogger<LeaseManager> logger) : IDisposable
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);
    private readonly Dictionary<TopicKey, Held> _held = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<TopicKey> _orphans = [];
    private int _pollers;
    private bool _stopped;
    private TimeSpan? _retryIn;

    /// <summary>Wakes the loop for an early tick.</summary>
    public AsyncPulse Wake { get; } = new();

    /// <summary>How many pollers run on this silo.</summary>
    public int PollerCount => Volatile.Read(ref _pollers);

    /// <summary>The topics whose leases this silo holds.</summary>
    public IReadOnlyList<TopicKey> HeldTopics
    {
        get
        {
            lock (_held)
            {
                return [.. _held.Keys];
            }
        }
    }

    public async Task RunAsync(CancellationToken stopping, CancellationToken hardStop)
    {
        var interval = options.LeaseDuration / 3;
        using var watchdog = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        var fence = FenceLoopAsync(watchdog, stopping);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await TickAsync(hardStop, stopping).ConfigureAwait(false);

                // A topic this silo should hold is still leased elsewhere: look again the moment that lease runs out.
                var wait = _retryIn is { } retry && retry < interval ? retry + TimeSpan.FromMilliseconds(20) : interval;
                await Wake.WaitAsync(wait, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
        }

        await fence.ConfigureAwait(false);
    }

    /// <summary>One pass of the assignment; storage failures are logged and the next tick tries again.</summary>
    public async Task TickAsync(CancellationToken hardStop, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            var renewAt = time.GetUtcNow();
            _retryIn = null;
            var topics = await topicStore.AllAsync(cancellationToken).ConfigureAwait(false);
            registry.Update(topics);
            var live = await silos.LiveAsync(options.DeadAfter, cancellationToken).ConfigureAwait(false);
            if (!live.Any(s => s.SiloId == silo.Id))
            {
                live = [.. live, Self()];
            }

            var assignment = LeaseAssignment.Assign(topics, live);
            ReportOrphans(assignment.Orphans);
            await RenewAsync(renewAt, cancellationToken).ConfigureAwait(false);

            foreach (var topic in HeldTopics)
            {
                if (!assignment.Owners.TryGetValue(topic, out var owner) || owner != silo.Id)
                {
                    LogMoving(logger, topic);
                    await StopPollerAsync(topic, release: true, cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var (topic, owner) in assignment.Owners)
            {
                if (owner != silo.Id)
                {
                    continue;
                }

                Held? held;
                lock (_held)
                {
                    _held.TryGetValue(topic, out held);
                }

                if (held is null)
                {
                    var (epoch, heldFor) = await leases.AcquireAsync(topic, silo.Id, options.LeaseDuration, cancellationToken).ConfigureAwait(false);
                    if (epoch is { } taken)
                    {
                        LogAcquired(logger, topic, taken);
                        StartPoller(topic, taken, renewAt + options.LeaseDuration, hardStop);
                    }
                    else if (heldFor is { } remaining && (_retryIn is null || remaining < _retryIn))
                    {
                        _retryIn = remaining;
                    }
                }
                else if (held.Poller.IsCompleted && held.ValidUntil > time.GetUtcNow())
                {
                    // The poller ended (a disabled topic, a fenced lease now renewed): run it again at the same epoch.
                    StartPoller(topic, held.Lease.Epoch, held.ValidUntil, hardStop);
                }
            }
        }
        catch (Exception ex) when (StorageRetry.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            LogStorageFailed(logger, ex.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops every poller and gives every lease up (shutdown, or a rejoin under a new identity).</summary>
    public async Task StopAllAsync(bool release, bool final, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _stopped = final;
            foreach (var topic in HeldTopics)
            {
                await StopPollerAsync(topic, release: false, cancellationToken).ConfigureAwait(false);
            }

            if (release)
            {
                await leases.ReleaseAllAsync(silo.Id, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RenewAsync(DateTimeOffset renewAt, CancellationToken cancellationToken)
    {
        List<HeldLease> held;
        lock (_held)
        {
            held = [.. _held.Values.Select(h => h.Lease)];
        }

        if (held.Count == 0)
        {
            return;
        }

        var kept = await leases.RenewAsync(silo.Id, held, options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        foreach (var lease in held)
        {
            if (kept.Contains(lease.Topic))
            {
                lock (_held)
                {
                    if (_held.TryGetValue(lease.Topic, out var h))
                    {
                        h.ValidUntil = renewAt + options.LeaseDuration;
                    }
                }
            }
            else
            {
                LogLost(logger, lease.Topic);
                await StopPollerAsync(lease.Topic, release: false, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void StartPoller(TopicKey topic, long epoch, DateTimeOffset validUntil, CancellationToken hardStop)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(hardStop);
        var grain = new TopicPollerGrain(topic, pollerServices, hardStop);
        var poller = Task.Run(() => grain.RunAsync(cts.Token), CancellationToken.None);
        lock (_held)
        {
            if (_held.Remove(topic, out var previous))
            {
                previous.Cancellation.Dispose();
            }
            else
            {
                Interlocked.Increment(ref _pollers);
            }

            _held[topic] = new Held(new HeldLease(topic, epoch), cts, poller) { ValidUntil = validUntil };
        }
    }

    private async Task StopPollerAsync(TopicKey topic, bool release, CancellationToken cancellationToken)
    {
        Held? held;
        lock (_held)
        {
            if (!_held.Remove(topic, out held))
            {
                return;
            }

            Interlocked.Decrement(ref _pollers);
        }

        await held.Cancellation.CancelAsync().ConfigureAwait(false);
        try
        {
            await held.Poller.WaitAsync(StopWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // It is storing what it fetched; it stops by itself once done. The lease goes either way.
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPollerFailed(logger, ex, topic);
        }

        held.Cancellation.Dispose();
        if (release)
        {
            await leases.ReleaseAsync(silo.Id, held.Lease, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The local fence: a lease not renewed in time stops its poller, whatever the database says later.</summary>
    private async Task FenceLoopAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                var now = time.GetUtcNow();
                lock (_held)
                {
                    foreach (var held in _held.Values)
                    {
                        if (held.ValidUntil <= now && !held.Cancellation.IsCancellationRequested)
                        {
                            LogFenced(logger, held.Lease.Topic);
                            held.Cancellation.Cancel();
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _gate.Dispose();

    private LiveSilo Self() => new()
    {
        SiloId = silo.Id,
        Name = silo.Name,
        SiloGroup = eligibility.Group,
        WorkUnits = [.. eligibility.WorkUnits],
        Topics = eligibility.Topics.Count == 0 ? null : [.. eligibility.Topics],
        FreeSlots = options.MaxConcurrency,
        MaxConcurrency = options.MaxConcurrency,
    };

    private void ReportOrphans(IReadOnlyList<TopicSettings> orphans)
    {
        var current = orphans.Select(o => o.Key).ToHashSet();
        foreach (var topic in orphans)
        {
            if (_orphans.Add(topic.Key))
            {
                LogOrphan(logger, topic.Key, topic.WorkUnit);
            }
        }

        _orphans.IntersectWith(current);
    }

    private sealed class Held(HeldLease lease, CancellationTokenSource cancellation, Task poller)
    {
        public HeldLease Lease { get; } = lease;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Task Poller { get; } = poller;

        public DateTimeOffset ValidUntil { get; set; }
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Took the lease of topic {Topic} (epoch {Epoch})")]
    private static partial void LogAcquired(ILogger logger, TopicKey topic, long epoch);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Topic {Topic} moves to another silo; giving its lease up")]
    private static partial void LogMoving(ILogger logger, TopicKey topic);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "Lost the lease of topic {Topic}; its poller stops")]
    private static partial void LogLost(ILogger logger, TopicKey topic);

    [LoggerMessage(EventId = 3304, Level = LogLevel.Warning, Message = "The lease of topic {Topic} ran out before it could be renewed; its poller stops")]
    private static partial void LogFenced(ILogger logger, TopicKey topic);

    [LoggerMessage(EventId = 3305, Level = LogLevel.Error,
        Message = "Topic {Topic} maps to work unit '{WorkUnit}', which no live silo can run: nobody polls it, and its tasks stay in the engine untouched")]
    private static partial void LogOrphan(ILogger logger, TopicKey topic, string workUnit);

    [LoggerMessage(EventId = 3306, Level = LogLevel.Warning, Message = "Lease tick failed: {Error}; the next tick tries again")]
    private static partial void LogStorageFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 3307, Level = LogLevel.Error, Message = "The poller of topic {Topic} failed")]
    private static partial void LogPollerFailed(ILogger logger, Exception exception, TopicKey topic);
}
