using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Persistence;
using Bptl.Grains.Tasks;
using Bptl.Silo.Claims;
using Bptl.Silo.Options;
using Bptl.Storage.Maintenance;
using Bptl.Storage.Silos;
using Bptl.Storage.Tasks;
using Microsoft.Extensions.Logging;

namespace Bptl.Silo.Membership;

/// <summary>
/// Beats this silo's heart (with its free slots, for the others' backpressure) and refreshes the cluster view.
/// When the answer says the cluster declared this silo dead (it could not reach the database for longer than the
/// window), the silo rejoins under a new identity: everything it held was taken over meanwhile.
/// </summary>
internal sealed partial class MembershipLoop(
    SiloStore silos,
    MaintenanceStore maintenance,
    PgTaskStore tasks,
    OutcomeReporter reporter,
    ClusterView view,
    SlotPool slots,
    ActivationScheduler scheduler,
    SiloIdentity silo,
    Health.SiloHealth health,
    SiloOptions options,
    TimeProvider time,
    ILogger<MembershipLoop> logger)
{
    private const int ReconcileEvery = 10;
    private int _beats;

    /// <summary>Called when the cluster gave up on this silo.</summary>
    public Func<CancellationToken, Task>? Rejoin { get; set; }

    public async Task RunAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(stopping).ConfigureAwait(false);
                if (failures > 0)
                {
                    LogBack(logger, failures);
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (StorageRetry.IsTransient(ex))
            {
                failures++;
                LogFailed(logger, failures, ex.Message);
            }

            try
            {
                await Task.Delay(options.HeartbeatInterval, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        var status = await silos.HeartbeatAsync(silo.Id, slots.Free, scheduler.Running, cancellationToken).ConfigureAwait(false);
        health.Beat();
        if (status is null or "dead")
        {
            LogDeclaredDead(logger, silo.Id);
            if (Rejoin is { } rejoin)
            {
                await rejoin(cancellationToken).ConfigureAwait(false);
            }
        }

        var live = await silos.LiveAsync(options.DeadAfter, cancellationToken).ConfigureAwait(false);
        var backlog = await maintenance.BacklogAsync(cancellationToken).ConfigureAwait(false);
        view.Update(live, backlog);
        if (++_beats % ReconcileEvery == 0)
        {
            await ReconcileAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Compares what the database says this silo owns with what it really runs and reports. An answer lost in a
    /// database outage (a claim or an outcome that committed while its connection dropped) can leave a row owned by
    /// this silo that nothing here works on: a running one goes back to the pool, a reporting one to the reporter.
    /// </summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        // What the reporter holds before the query: a report that finishes meanwhile is not queued a second time.
        var handling = reporter.Handling();
        var owned = await tasks.OwnedAsync(silo.Id, options.HeartbeatInterval * 5, cancellationToken).ConfigureAwait(false);
        foreach (var record in owned)
        {
            if (record.State == TaskGrainState.Running && !scheduler.IsRunning(record.Id, record.Activation))
            {
                if (await tasks.SettleAsync(record.FenceFor(silo.Id), TaskGrainState.Available,
                        "no activation of its owner was running it (an answer lost in a database outage)", cancellationToken).ConfigureAwait(false))
                {
                    LogReconciled(logger, record.Key, "handed back");
                }
            }
            else if (record.State == TaskGrainState.Reporting && !handling.Contains((record.Id, record.Activation))
                     && !reporter.IsHandling(record.Id, record.Activation))
            {
                reporter.Enqueue(record);
                LogReconciled(logger, record.Key, "queued its report");
            }
        }
    }

    [LoggerMessage(EventId = 3404, Level = LogLevel.Warning, Message = "Task {Task} was owned by this silo but nothing worked on it: {Action}")]
    private static partial void LogReconciled(ILogger logger, TaskGrainKey task, string action);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "Heartbeat failed ({Failures} in a row): {Error}")]
    private static partial void LogFailed(ILogger logger, int failures, string error);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Information, Message = "Heartbeats work again after {Failures} failures")]
    private static partial void LogBack(ILogger logger, int failures);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Warning,
        Message = "The cluster declared this silo ({Silo}) dead while it could not reach the database; it rejoins under a new identity")]
    private static partial void LogDeclaredDead(ILogger logger, Guid silo);
}
