using Bptl.Camunda.Errors;
using Bptl.Camunda.ExternalTasks;
using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Persistence;
using Bptl.Grains.Retries;
using Microsoft.Extensions.Logging;

namespace Bptl.Grains.Topics;

/// <summary>
/// The one poller of a topic in the cluster, alive while its silo holds the topic's lease. It asks for as many
/// tasks as the cluster can start (backpressure), long-polls, stores what arrives as task grains (starting its own
/// share at once), and backs off exponentially, with jitter and a cap, after errors. An empty long poll is not an
/// error and is repeated at once.
/// </summary>
public sealed partial class TopicPollerGrain : ITopicPollerGrain
{
    private static readonly string[] RuntimeVariables = ["bptlAppId", "callbackUrl"];

    private readonly TopicPollerServices _services;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;
    private readonly ExponentialBackoff _backoff;

    /// <summary>
    /// Creates the poller of <paramref name="key"/>. <paramref name="stopping"/> is the silo's hard stop: storing
    /// fetched tasks outlives a lost lease (the tasks are locked to this silo) but not the silo.
    /// </summary>
    public TopicPollerGrain(TopicKey key, TopicPollerServices services, CancellationToken stopping)
    {
        Key = key;
        _services = services;
        _stopping = stopping;
        _logger = services.LoggerFactory.CreateLogger<TopicPollerGrain>();
        _backoff = new ExponentialBackoff(services.Options.PollBackoffInitial, services.Options.PollBackoffMax);
    }

    /// <inheritdoc />
    public TopicKey Key { get; }

    /// <summary>Fetches that returned tasks.</summary>
    public long Fetches { get; private set; }

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken leaseToken)
    {
        var engine = _services.Engines.Get(Key.Engine);
        var failures = 0;
        LogStarted(_logger, Key);
        while (!leaseToken.IsCancellationRequested)
        {
            var settings = _services.Topics.Get(Key);
            if (settings is not { Enabled: true })
            {
                LogNotEnabled(_logger, Key);
                return;
            }

            int size;
            try
            {
                size = await _services.Capacity.WaitForFetchSizeAsync(settings, leaseToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (leaseToken.IsCancellationRequested)
            {
                break;
            }

            var workerId = WorkerIds.Next(_services.Silo.Name);
            IReadOnlyList<LockedExternalTask> tasks;
            try
            {
                tasks = await engine.ExternalTasks.FetchAndLockAsync(Request(settings, size, workerId), leaseToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (leaseToken.IsCancellationRequested)
            {
                break;
            }
            catch (CamundaException ex)
            {
                failures++;
                var delay = _backoff.Delay(failures + Penalty(ex), Random.Shared.NextDouble());
                LogPollFailed(_logger, Key, failures, (long)delay.TotalMilliseconds, ex.Message);
                if (!await DelayAsync(delay, leaseToken).ConfigureAwait(false))
                {
                    break;
                }

                continue;
            }

            if (failures > 0)
            {
                LogRecovered(_logger, Key, failures);
                failures = 0;
            }

            if (tasks.Count == 0)
            {
                continue;
            }

            Fetches++;
            await IngestAsync(settings, workerId, tasks).ConfigureAwait(false);
        }

        LogStopped(_logger, Key);
    }

    private FetchAndLockRequest Request(TopicSettings settings, int maxTasks, string workerId) => new()
    {
        WorkerId = workerId,
        MaxTasks = maxTasks,
        UsePriority = true,
        AsyncResponseTimeout = _services.Options.PollTimeout,
        Sorting = [FetchSorting.CreateTimeAscending],
        Topics =
        [
            new FetchTopic
            {
                TopicName = settings.Key.Topic,
                LockDuration = settings.LockDuration,
                // The runtime itself reads these two (credentials, completion callbacks): fetch them even from a short list.
                Variables = settings.Variables is { } names ? [.. names.Union(RuntimeVariables, StringComparer.Ordinal)] : null,
            },
        ],
    };

    /// <summary>Stores the fetched tasks, starts this silo's share and hands back unused slots.</summary>
    private async Task IngestAsync(TopicSettings settings, string workerId, IReadOnlyList<LockedExternalTask> tasks)
    {
        var reserved = _services.Capacity.ReserveToStart(settings, tasks.Count);
        var now = _services.Time.GetUtcNow();
        // The mapping as it is now, not as it was when the long poll began: a remap applies to every task fetched after it.
        var workUnit = _services.Topics.Get(Key)?.WorkUnit ?? settings.WorkUnit;
        var batch = new IngestBatch
        {
            Topic = Key,
            WorkUnit = workUnit,
            WorkerId = workerId,
            LockDuration = settings.LockDuration,
            Silo = _services.Silo.Id,
            StartHere = reserved,
            LeaseGrace = _services.Options.ActivationLeaseGrace,
            Tasks = [.. tasks.Select(t => new FetchedTask(t.Id, t.LockExpirationTime ?? now + settings.LockDuration, t.Retries, t.Priority,
                t.ProcessInstanceId, t.ProcessDefinitionKey, t.ActivityId, t.BusinessKey, t.TenantId, t.Variables))],
        };

        IReadOnlyList<TaskRecord> stored;
        try
        {
            stored = await StorageRetry.RunAsync(ct => _services.Store.IngestAsync(batch, ct), _services.Time,
                (ex, attempt) => LogIngestRetry(_logger, Key, tasks.Count, attempt, ex.Message), _stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The silo stops with tasks locked but not stored: their locks expire and the engine delivers them again.
            _services.Capacity.Release(Key, reserved);
            LogIngestAbandoned(_logger, Key, tasks.Count);
            return;
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            // Storage refused these tasks (not an outage): nothing was stored, so they stay locked in the engine until
            // their locks expire and come back then. Say so loudly and slow down rather than fail the poller.
            _services.Capacity.Release(Key, reserved);
            LogIngestFailed(_logger, ex, Key, tasks.Count, string.Join(", ", tasks.Select(t => t.Id)));
            await DelayAsync(_services.Options.PollBackoffMax, _stopping).ConfigureAwait(false);
            return;
        }

        var started = 0;
        foreach (var record in stored)
        {
            if (record.Owner != _services.Silo.Id)
            {
                continue;
            }

            if (record.State == TaskGrainState.Running)
            {
                _services.Scheduler.Start(record);
                started++;
            }
            else if (record.State == TaskGrainState.Reporting)
            {
                _services.Scheduler.Report(record);
            }
        }

        _services.Capacity.Release(Key, reserved - started);
        LogFetched(_logger, Key, tasks.Count, started);
    }

    /// <summary>Errors that retrying soon will not fix (credentials, a refused request) back off faster.</summary>
    private static int Penalty(CamundaException exception) => exception.Kind switch
    {
        CamundaErrorKind.Transient => 0,
        _ => 3,
    };

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _services.Time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Polling topic {Topic}")]
    private static partial void LogStarted(ILogger logger, TopicKey topic);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "Stopped polling topic {Topic}")]
    private static partial void LogStopped(ILogger logger, TopicKey topic);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "Polling topic {Topic} failed ({Failures} in a row); next try in {DelayMs} ms: {Error}")]
    private static partial void LogPollFailed(ILogger logger, TopicKey topic, int failures, long delayMs, string error);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Information, Message = "Polling topic {Topic} works again after {Failures} failures")]
    private static partial void LogRecovered(ILogger logger, TopicKey topic, int failures);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Debug, Message = "Fetched {Count} tasks of topic {Topic}; {Started} start here")]
    private static partial void LogFetched(ILogger logger, TopicKey topic, int count, int started);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Information, Message = "Topic {Topic} is disabled or no longer configured; its poller stops")]
    private static partial void LogNotEnabled(ILogger logger, TopicKey topic);

    [LoggerMessage(EventId = 2307, Level = LogLevel.Warning, Message = "Storing {Count} fetched tasks of topic {Topic} failed (attempt {Attempt}): {Error}; retrying")]
    private static partial void LogIngestRetry(ILogger logger, TopicKey topic, int count, int attempt, string error);

    [LoggerMessage(EventId = 2309, Level = LogLevel.Error,
        Message = "Could not store {Count} fetched tasks of topic {Topic} ({TaskIds}); they stay locked in the engine and come back when their locks expire")]
    private static partial void LogIngestFailed(ILogger logger, Exception exception, TopicKey topic, int count, string taskIds);

    [LoggerMessage(EventId = 2308, Level = LogLevel.Warning, Message = "The silo stopped before {Count} fetched tasks of topic {Topic} were stored; the engine delivers them again when their locks expire")]
    private static partial void LogIngestAbandoned(ILogger logger, TopicKey topic, int count);
}

/// <summary>Worker ids: one per fetch, so a lock taken by an older fetch can never be mistaken for a newer one.</summary>
public static class WorkerIds
{
    /// <summary>A new worker id for a fetch by <paramref name="silo"/>: <c>{silo}:{12 hex digits}</c>.</summary>
    public static string Next(string silo) => silo + ":" + Guid.NewGuid().ToString("N")[..12];
}
