using Bptl.Grains.Persistence;
using Bptl.Silo.Membership;
using Bptl.Silo.Options;
using Bptl.Storage.Leases;
using Bptl.Storage.Maintenance;
using Microsoft.Extensions.Logging;

namespace Bptl.Silo.Maintenance;

/// <summary>
/// Cluster-wide chores, run only by the silo that holds the maintenance leader lease: declare silent silos dead
/// (freeing their topic leases), rescue activations whose owner died or whose lease ran out (poisoning those rescued
/// too often), and prune finished grains after the retention period.
/// </summary>
internal sealed partial class MaintenanceLoop(
    LeaderStore leader,
    MaintenanceStore store,
    SiloIdentity silo,
    SiloOptions options,
    TimeProvider time,
    ILogger<MaintenanceLoop> logger)
{
    public const string LeaseName = "maintenance";
    private DateTimeOffset _nextPrune;

    /// <summary>The leader term while this silo leads, else null.</summary>
    public long? Term { get; private set; }

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (StorageRetry.IsTransient(ex))
            {
                LogFailed(logger, ex.Message);
            }

            try
            {
                await Task.Delay(options.MaintenanceInterval, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var term = await leader.TryLeadAsync(LeaseName, silo.Id, (options.MaintenanceInterval * 2) + TimeSpan.FromSeconds(1), cancellationToken)
            .ConfigureAwait(false);
        if (term != Term)
        {
            if (term is { } elected)
            {
                LogElected(logger, elected);
            }
            else if (Term is not null)
            {
                LogLostLeadership(logger);
            }

            Term = term;
        }

        if (term is null)
        {
            return;
        }

        foreach (var dead in await store.MarkDeadSilosAsync(options.DeadAfter, cancellationToken).ConfigureAwait(false))
        {
            LogDead(logger, dead.Name, dead.SiloId, dead.FreedLeases);
        }

        var rescued = await store.RescueAsync(options.MaxRescues, 1000, cancellationToken).ConfigureAwait(false);
        foreach (var task in rescued)
        {
            if (task.Poisoned)
            {
                LogPoisoned(logger, task.Id, task.Engine, task.Topic, task.Rescues);
            }
        }

        if (rescued.Count > 0)
        {
            LogRescued(logger, rescued.Count);
        }

        if (time.GetUtcNow() >= _nextPrune)
        {
            _nextPrune = time.GetUtcNow() + PruneEvery(options.Retention, options.MaintenanceInterval);
            var pruned = 0;
            for (var batch = 0; batch < 10; batch++)
            {
                var deleted = await store.PruneTasksAsync(options.Retention, 1000, cancellationToken).ConfigureAwait(false);
                pruned += deleted;
                if (deleted < 1000)
                {
                    break;
                }
            }

            var cronRuns = 0;
            for (var batch = 0; batch < 10; batch++)
            {
                var deleted = await store.PruneCronRunsAsync(options.Retention, 1000, cancellationToken).ConfigureAwait(false);
                cronRuns += deleted;
                if (deleted < 1000)
                {
                    break;
                }
            }

            var silos = await store.PruneSilosAsync(options.Retention, cancellationToken).ConfigureAwait(false);
            if (pruned + silos + cronRuns > 0)
            {
                LogPruned(logger, pruned, silos, cronRuns);
            }
        }
    }

    /// <summary>How often to prune: half the retention, but at most once a minute and at least once per maintenance run.</summary>
    internal static TimeSpan PruneEvery(TimeSpan retention, TimeSpan maintenanceInterval)
    {
        var half = retention / 2;
        var capped = half < TimeSpan.FromMinutes(1) ? half : TimeSpan.FromMinutes(1);
        return capped > maintenanceInterval ? capped : maintenanceInterval;
    }

    public Task ResignAsync(CancellationToken cancellationToken) => leader.ResignAsync(LeaseName, silo.Id, cancellationToken);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Information, Message = "This silo leads the maintenance (term {Term})")]
    private static partial void LogElected(ILogger logger, long term);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Information, Message = "This silo no longer leads the maintenance")]
    private static partial void LogLostLeadership(ILogger logger);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Warning, Message = "Silo {Name} ({Silo}) missed its heartbeats: declared dead; {Leases} topic leases freed")]
    private static partial void LogDead(ILogger logger, string name, Guid silo, long leases);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Information, Message = "Rescued {Count} activations")]
    private static partial void LogRescued(ILogger logger, int count);

    [LoggerMessage(EventId = 3505, Level = LogLevel.Error,
        Message = "Task grain {Id} ({Engine}/{Topic}) was rescued {Rescues} times: poisoned; an incident is reported instead of another run")]
    private static partial void LogPoisoned(ILogger logger, long id, string engine, string topic, int rescues);

    [LoggerMessage(EventId = 3506, Level = LogLevel.Information, Message = "Pruned {Tasks} finished task grains, {Silos} old silo rows and {CronRuns} cron runs")]
    private static partial void LogPruned(ILogger logger, int tasks, int silos, int cronRuns);

    [LoggerMessage(EventId = 3507, Level = LogLevel.Warning, Message = "Maintenance failed: {Error}; it runs again next interval")]
    private static partial void LogFailed(ILogger logger, string error);
}
