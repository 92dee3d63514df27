using Bptl.Grains.Persistence;
using Bptl.Grains.Tasks;
using Bptl.Silo.Claims;
using Bptl.Silo.Cron;
using Bptl.Silo.Leases;
using Bptl.Silo.Maintenance;
using Bptl.Silo.Membership;
using Bptl.Silo.Options;
using Bptl.Silo.Topics;
using Bptl.Storage.Maintenance;
using Bptl.Storage.Notifications;
using Bptl.Storage.Schema;
using Bptl.Storage.Silos;
using Bptl.Storage.Topics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bptl.Silo.Hosting;

/// <summary>
/// The silo's life: at start it migrates the schema, seeds the topics, joins the cluster and starts its loops; at
/// stop it stops fetching (pollers cancelled, leases released at once), stops claiming, lets running work units
/// finish within the shutdown timeout, hands the rest back to the engine, passes its unsent reports to the other
/// silos and leaves the cluster.
/// </summary>
internal sealed partial class SiloRuntime(
    Migrator migrator,
    TopicStore topics,
    Bptl.Storage.WorkUnits.WorkUnitStore catalog,
    SiloStore silos,
    MaintenanceStore maintenance,
    NotificationListener listener,
    LeaseManager leases,
    Dispatcher dispatcher,
    ActivationScheduler scheduler,
    OutcomeReporter reporter,
    Bptl.Grains.Callbacks.CompletionCallbacks callbacks,
    MembershipLoop membership,
    MaintenanceLoop maintenanceLoop,
    CronScheduler cron,
    WorkUnitCatalog workUnits,
    SiloIdentity silo,
    SiloEligibility eligibility,
    Health.SiloHealth health,
    IOptions<BptlOptions> options,
    TimeProvider time,
    ILogger<SiloRuntime> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _claims = new();
    private readonly CancellationTokenSource _loops = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly List<Task> _background = [];
    private Task? _dispatching;

    private SiloOptions Silo => options.Value.Silo;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(Silo.StartupTimeout);
        try
        {
            await StorageRetry.RunAsync(migrator.MigrateAsync, time, (ex, attempt) => LogWaitingForDatabase(logger, attempt, ex.Message), startup.Token)
                .ConfigureAwait(false);
            await topics.SeedAsync(options.Value.Topics.Select(TopicSeeds.ToSettings), startup.Token).ConfigureAwait(false);
            await cron.SeedAsync(startup.Token).ConfigureAwait(false);
            await RegisterAsync(startup.Token).ConfigureAwait(false);
            await catalog.PublishAsync(silo.Id, [.. workUnits.Names.Select(n => WorkUnits.ContractDocument.Publish(workUnits.Find(n)!))], startup.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (startup.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"The silo could not reach its database within {Silo.StartupTimeout} (Bptl:Silo:StartupTimeout); see the warnings above.");
        }

        listener.Notified += OnNotified;
        listener.Reconnected += OnReconnected;
        membership.Rejoin = RejoinAsync;
        _background.Add(listener.RunAsync([Channels.TaskAvailable, Channels.Topics, Channels.Cluster], _loops.Token));
        _background.Add(membership.RunAsync(_loops.Token));
        _background.Add(leases.RunAsync(_claims.Token, _hardStop.Token));
        _background.Add(reporter.RunAsync(_loops.Token));
        _background.Add(callbacks.RunAsync(_loops.Token));
        _background.Add(maintenanceLoop.RunAsync(_loops.Token));
        _background.Add(cron.RunAsync(_claims.Token));
        _dispatching = dispatcher.RunAsync(_claims.Token);
        health.Beat();
        health.Started = true;
        LogStarted(logger, silo.Name, silo.Id, eligibility.Group, workUnits.Names, Silo.MaxConcurrency);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        LogStopping(logger, silo.Name, scheduler.Running);
        health.Stopping = true;
        await Quietly(() => silos.SetStatusAsync(silo.Id, "stopping", cancellationToken)).ConfigureAwait(false);

        // Stop fetching and give the topics to the other silos at once.
        await _claims.CancelAsync().ConfigureAwait(false);
        await Quietly(() => leases.StopAllAsync(release: true, final: true, cancellationToken)).ConfigureAwait(false);
        if (_dispatching is not null)
        {
            await Quietly(() => _dispatching).ConfigureAwait(false);
        }

        // Let running work finish, then hand the rest back to the engine (cron runs still running are cancelled).
        await Task.WhenAll(scheduler.DrainAsync(Silo.ShutdownTimeout, CancellationToken.None), cron.DrainAsync(Silo.ShutdownTimeout)).ConfigureAwait(false);
        await _hardStop.CancelAsync().ConfigureAwait(false);

        await Quietly(() => maintenance.ReleaseReportsAsync(silo.Id, cancellationToken)).ConfigureAwait(false);
        await Quietly(() => maintenanceLoop.ResignAsync(cancellationToken)).ConfigureAwait(false);
        await Quietly(() => silos.SetStatusAsync(silo.Id, "stopped", cancellationToken)).ConfigureAwait(false);
        await _loops.CancelAsync().ConfigureAwait(false);
        await Quietly(() => Task.WhenAll(_background)).ConfigureAwait(false);
        LogStopped(logger, silo.Name);
    }

    public void Dispose()
    {
        _claims.Dispose();
        _loops.Dispose();
        _hardStop.Dispose();
    }

    private Task RegisterAsync(CancellationToken cancellationToken) =>
        silos.RegisterAsync(new SiloRegistration(silo.Id, silo.Name, eligibility.Group, Environment.MachineName, Environment.ProcessId,
            typeof(SiloRuntime).Assembly.GetName().Version?.ToString() ?? "0", workUnits.Names,
            eligibility.Topics.Count == 0 ? null : [.. eligibility.Topics], Silo.MaxConcurrency), cancellationToken);

    /// <summary>The cluster gave up on this silo: drop what it held (all of it was taken over) and join again.</summary>
    private async Task RejoinAsync(CancellationToken cancellationToken)
    {
        await leases.StopAllAsync(release: false, final: false, cancellationToken).ConfigureAwait(false);
        await scheduler.CancelAllAsync().ConfigureAwait(false);
        reporter.Forget();
        var old = silo.Id;
        silo.Renew();
        await RegisterAsync(cancellationToken).ConfigureAwait(false);
        LogRejoined(logger, old, silo.Id);
        dispatcher.Rescan();
        leases.Wake.Pulse();
    }

    private void OnNotified(string channel, string payload)
    {
        switch (channel)
        {
            case Channels.TaskAvailable:
                dispatcher.OnTasksAvailable(payload);
                break;
            default:
                leases.Wake.Pulse();
                break;
        }
    }

    private void OnReconnected()
    {
        dispatcher.Rescan();
        leases.Wake.Pulse();
    }

    /// <summary>Shutdown goes on whatever one step says: each failure is logged.</summary>
    private async Task Quietly(Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            LogShutdownStepFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Silo {Name} ({Silo}) joined the cluster: group {Group}, work units [{WorkUnits}], {Slots} slots")]
    private static partial void LogStarted(ILogger logger, string name, Guid silo, string group, IReadOnlyList<string> workUnits, int slots);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Silo {Name} is stopping with {Running} work units running")]
    private static partial void LogStopping(ILogger logger, string name, int running);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Silo {Name} left the cluster")]
    private static partial void LogStopped(ILogger logger, string name);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Waiting for the database (attempt {Attempt}): {Error}")]
    private static partial void LogWaitingForDatabase(ILogger logger, int attempt, string error);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Rejoined the cluster: {Old} is now {New}")]
    private static partial void LogRejoined(ILogger logger, Guid old, Guid @new);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "A shutdown step failed; shutdown goes on")]
    private static partial void LogShutdownStepFailed(ILogger logger, Exception exception);
}
