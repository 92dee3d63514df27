using Bptl.Camunda;
using Bptl.Camunda.Errors;
using Bptl.Camunda.ExternalTasks;
using Bptl.Grains.Engines;
using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Persistence;
using Bptl.Grains.Retries;
using Microsoft.Extensions.Logging;

namespace Bptl.Grains.Tasks;

/// <summary>
/// Reports persisted outcomes to the engine and records its answer. The first attempt runs inline, right after the
/// outcome is persisted; an attempt the engine did not answer (an outage, a timeout, a 5xx) is retried with backoff
/// until the engine acknowledges it or answers definitively. A 404 is looked up in the engine's history (did an
/// earlier attempt land?) and recorded, never looped on. Reports whose owner died are claimed here too.
/// </summary>
public sealed partial class OutcomeReporter : IDisposable
{
    private static readonly TimeSpan OrphanScanInterval = TimeSpan.FromSeconds(5);
    private readonly ITaskStore _store;
    private readonly IEngineClients _engines;
    private readonly ISiloIdentity _silo;
    private readonly GrainRuntimeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ExponentialBackoff _backoff;
    private readonly Callbacks.CompletionCallbacks _callbacks;
    private readonly PriorityQueue<TaskRecord, DateTimeOffset> _due = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(long Id, long Activation), byte> _handling = new();

    /// <summary>Creates the reporter.</summary>
    public OutcomeReporter(ITaskStore store, IEngineClients engines, ISiloIdentity silo, GrainRuntimeOptions options,
        TimeProvider time, ILogger<OutcomeReporter> logger, Callbacks.CompletionCallbacks callbacks)
    {
        _callbacks = callbacks;
        _store = store;
        _engines = engines;
        _silo = silo;
        _options = options;
        _time = time;
        _logger = logger;
        _backoff = new ExponentialBackoff(options.ReportBackoffInitial, options.ReportBackoffMax);
    }

    /// <summary>Reports waiting for a retry.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _due.Count;
            }
        }
    }

    /// <summary>True while this reporter holds the report of that activation (sending it, or waiting to retry).</summary>
    public bool IsHandling(long id, long activation) => _handling.ContainsKey((id, activation));

    /// <summary>The reports held now.</summary>
    public IReadOnlySet<(long Id, long Activation)> Handling() => _handling.Keys.ToHashSet();

    /// <summary>
    /// Drops every queued report: the silo rejoined under a new identity, and all it owned was taken over meanwhile.
    /// </summary>
    public void Forget()
    {
        lock (_gate)
        {
            _due.Clear();
        }

        _handling.Clear();
    }

    /// <summary>Reports now; a report the engine did not answer is queued for a retry.</summary>
    public async Task ReportAsync(TaskRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = (record.Id, record.Activation);
        _handling[key] = 0;
        try
        {
            var failure = await AttemptAsync(record, cancellationToken).ConfigureAwait(false);
            if (failure is null || !await ScheduleRetryAsync(record, failure, cancellationToken).ConfigureAwait(false))
            {
                _handling.TryRemove(key, out _);
            }
        }
        catch
        {
            // Not held here any more: the silo's reconciliation finds the row and queues it again.
            _handling.TryRemove(key, out _);
            throw;
        }
    }

    /// <summary>Queues a report this silo owns, due now.</summary>
    public void Enqueue(TaskRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _handling[(record.Id, record.Activation)] = 0;
        lock (_gate)
        {
            _due.Enqueue(record, _time.GetUtcNow());
        }

        _signal.Release();
    }

    /// <summary>Retries due reports and claims orphaned ones until <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var nextScan = _time.GetUtcNow();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (_time.GetUtcNow() >= nextScan)
                {
                    nextScan = _time.GetUtcNow() + OrphanScanInterval;
                    foreach (var orphan in await _store.ClaimReportsAsync(_silo.Id, 50, stopping).ConfigureAwait(false))
                    {
                        LogClaimedOrphan(_logger, orphan.Key);
                        Enqueue(orphan);
                    }
                }

                while (TakeDue() is { } record)
                {
                    await ReportAsync(record, stopping).ConfigureAwait(false);
                }

                var wait = NextDue() is { } due ? Min(due - _time.GetUtcNow(), nextScan - _time.GetUtcNow()) : nextScan - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await _signal.WaitAsync(wait, stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Storage trouble (a restart): the rows stay Reporting and are found again at the next scan.
                LogLoopFailed(_logger, ex);
                await Task.Delay(_options.ReportBackoffInitial, _time, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One attempt: null when settled (or superseded), else the reason to retry.</summary>
    private async Task<string?> AttemptAsync(TaskRecord record, CancellationToken cancellationToken)
    {
        // Engine and storage failures anywhere in an attempt, including while recording the engine's answer, mean
        // "try again later": the report stays persisted and the next attempt settles it (a 404 is looked up).
        try
        {
            return await AttemptOnceAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (CamundaException ex)
        {
            return ex.Message;
        }
        catch (Exception ex) when (StorageRetry.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            return "storage: " + ex.Message;
        }
    }

    private async Task<string?> AttemptOnceAsync(TaskRecord record, CancellationToken cancellationToken)
    {
        if (record.Owner is { } owner && owner != _silo.Id)
        {
            // Queued under an identity this silo no longer has: the row was taken over; its new owner reports it.
            return null;
        }

        var fence = record.FenceFor(_silo.Id);
        var outcome = record.Outcome ?? throw new InvalidOperationException($"Task {record.Key} has no outcome to report.");
        var engine = _engines.Get(record.Key.Engine);
        try
        {
            await SendAsync(engine, record, outcome, cancellationToken).ConfigureAwait(false);
            await RecordAsync(fence, Acknowledged(outcome), Describe(outcome), record, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (CamundaNotFoundException)
        {
            var handling = await engine.ExternalTasks.GetHandlingAsync(record.Key.TaskId, cancellationToken).ConfigureAwait(false);
            var (state, detail) = (outcome.Kind, handling) switch
            {
                (TaskOutcomeKind.Complete, ExternalTaskHandling.Completed) => (TaskGrainState.Completed, "the engine's log shows the completion landed"),
                (TaskOutcomeKind.BpmnError, ExternalTaskHandling.Deleted) => (TaskGrainState.BpmnError, "the engine's log shows the task ended"),
                _ => (TaskGrainState.Gone, $"the engine no longer has the task ({handling})"),
            };
            await RecordAsync(fence, state, detail, record, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (CamundaLockConflictException ex)
        {
            await RecordAsync(fence, TaskGrainState.Rejected, ex.EngineMessage, record, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (CamundaException ex) when (ex is CamundaBadRequestException or CamundaServerErrorException && outcome.Kind != TaskOutcomeKind.Failure)
        {
            // The engine cannot take this completion (a variable it refuses, a condition that fails): report a failure
            // without retries instead, so an incident shows the engine's reason rather than a loop.
            var refused = TaskOutcome.Failure(
                $"The engine refused the {(outcome.Kind == TaskOutcomeKind.Complete ? "completion" : "BPMN error")}: {ex.EngineMessage ?? ex.Message}",
                ex.ToString(), retries: 0, TimeSpan.Zero, ex.EngineErrorType, reason: "refused");
            LogRefused(_logger, record.Key, ex.EngineMessage);
            return await _store.ReplaceOutcomeAsync(fence, refused, cancellationToken).ConfigureAwait(false)
                ? await AttemptOnceAsync(record with { Outcome = refused }, cancellationToken).ConfigureAwait(false)
                : null;
        }
        catch (CamundaException ex) when (ex is CamundaBadRequestException or CamundaServerErrorException)
        {
            await RecordAsync(fence, TaskGrainState.Rejected, ex.EngineMessage ?? ex.Message, record, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (CamundaException ex) when (ex.Kind is not (CamundaErrorKind.NotFound or CamundaErrorKind.LockConflict or CamundaErrorKind.BadRequest or CamundaErrorKind.ServerError))
        {
            return ex.Message;
        }
    }

    private static Task SendAsync(CamundaClient engine, TaskRecord record, TaskOutcome outcome, CancellationToken cancellationToken) =>
        outcome.Kind switch
        {
            TaskOutcomeKind.Complete => engine.ExternalTasks.CompleteAsync(record.Key.TaskId, new CompleteExternalTask
            {
                WorkerId = record.WorkerId,
                Variables = outcome.Variables,
                LocalVariables = outcome.LocalVariables,
            }, cancellationToken),
            TaskOutcomeKind.Failure => engine.ExternalTasks.HandleFailureAsync(record.Key.TaskId, new ReportExternalTaskFailure
            {
                WorkerId = record.WorkerId,
                ErrorMessage = outcome.ErrorMessage,
                ErrorDetails = outcome.ErrorDetails,
                Retries = outcome.Retries,
                RetryTimeout = outcome.RetryTimeout,
                Variables = outcome.Variables,
                LocalVariables = outcome.LocalVariables,
            }, cancellationToken),
            _ => engine.ExternalTasks.HandleBpmnErrorAsync(record.Key.TaskId, new ReportBpmnError
            {
                WorkerId = record.WorkerId,
                ErrorCode = outcome.ErrorCode!,
                ErrorMessage = outcome.ErrorMessage,
                Variables = outcome.Variables,
            }, cancellationToken),
        };

    private async Task RecordAsync(TaskFence fence, TaskGrainState state, string? detail, TaskRecord record, CancellationToken cancellationToken)
    {
        var callback = state == TaskGrainState.Completed && _callbacks.Wants(record, fence);
        if (await _store.RecordReportedAsync(fence, state, detail, callback, cancellationToken).ConfigureAwait(false))
        {
            LogReported(_logger, record.Key, state);
            if (callback)
            {
                _callbacks.Wake();
            }
        }
    }

    /// <summary>Queues a retry; false when the report was superseded meanwhile.</summary>
    private async Task<bool> ScheduleRetryAsync(TaskRecord record, string failure, CancellationToken cancellationToken)
    {
        var attempts = record.ReportAttempts + 1;
        var next = _time.GetUtcNow() + _backoff.Delay(attempts, Random.Shared.NextDouble());
        LogRetry(_logger, record.Key, attempts, next, failure);
        try
        {
            if (!await _store.RecordReportFailedAsync(record.FenceFor(_silo.Id), failure, next, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Keep the retry in memory even when storage is down too.
            LogRecordFailed(_logger, ex, record.Key);
        }

        lock (_gate)
        {
            _due.Enqueue(record with { ReportAttempts = attempts }, next);
        }

        _signal.Release();
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _signal.Dispose();

    private TaskRecord? TakeDue()
    {
        lock (_gate)
        {
            return _due.TryPeek(out var record, out var due) && due <= _time.GetUtcNow() ? _due.Dequeue() : null;
        }
    }

    private DateTimeOffset? NextDue()
    {
        lock (_gate)
        {
            return _due.TryPeek(out _, out var due) ? due : null;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    internal static TaskGrainState Acknowledged(TaskOutcome outcome) => outcome.Kind switch
    {
        TaskOutcomeKind.Complete => TaskGrainState.Completed,
        TaskOutcomeKind.BpmnError => TaskGrainState.BpmnError,
        _ => outcome.Retries > 0 ? TaskGrainState.Failed : TaskGrainState.Incident,
    };

    private static string Describe(TaskOutcome outcome) => outcome.Kind switch
    {
        TaskOutcomeKind.Complete => "completed",
        TaskOutcomeKind.BpmnError => "BPMN error " + outcome.ErrorCode,
        _ => outcome.Retries > 0
            ? $"failure, {outcome.Retries} retries left, next try in {(long)outcome.RetryTimeout.TotalMilliseconds} ms"
            : "failure, no retries left: incident",
    };

    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "Reported task {Task}: {State}")]
    private static partial void LogReported(ILogger logger, TaskGrainKey task, TaskGrainState state);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Report of task {Task} not acknowledged (attempt {Attempt}); next try at {Next}: {Failure}")]
    private static partial void LogRetry(ILogger logger, TaskGrainKey task, int attempt, DateTimeOffset next, string failure);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "The engine refused the outcome of task {Task} ({EngineMessage}); reporting a failure without retries instead")]
    private static partial void LogRefused(ILogger logger, TaskGrainKey task, string? engineMessage);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "Claimed the pending report of task {Task}, whose owner is gone")]
    private static partial void LogClaimedOrphan(ILogger logger, TaskGrainKey task);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "Could not record a failed report of task {Task}; it is retried from memory")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, TaskGrainKey task);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Error, Message = "The report loop failed; it starts again")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
