using Bptl.Grains.Checkpoints;
using Bptl.Grains.Execution;
using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Persistence;
using Bptl.Grains.Retries;
using Bptl.Grains.Services;
using Microsoft.Extensions.Logging;

namespace Bptl.Grains.Tasks;

/// <summary>
/// One activation of a task grain: make sure the engine lock holds, run the work unit while a
/// <see cref="LockKeeper"/> keeps the lock alive, persist the outcome (fenced), then report it. A lost lock cancels
/// the work unit and discards its outcome; a stopping silo cancels it after its shutdown timeout and hands the task
/// back to the engine.
/// </summary>
public sealed partial class TaskGrain : ITaskGrain
{
    private readonly TaskRecord _record;
    private readonly TaskGrainServices _services;
    private readonly ILogger _logger;

    internal TaskGrain(TaskRecord record, TaskGrainServices services)
    {
        _record = record;
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<TaskGrain>();
    }

    /// <inheritdoc />
    public TaskGrainKey Key => _record.Key;

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var record = _record;
        var fence = record.FenceFor(_services.Silo.Id);
        // A remap applies to tasks not started yet: run the topic's current work unit when this silo has it.
        var current = _services.Topics.Get(new TopicKey(record.Key.Engine, record.Topic))?.WorkUnit;
        var registration = (current is null ? null : _services.WorkUnits.Find(current)) ?? _services.WorkUnits.Find(record.WorkUnit);
        if (registration is null)
        {
            LogNoWorkUnit(_logger, record.Key, record.WorkUnit);
            await SettleAsync(fence, TaskGrainState.Available, $"work unit '{record.WorkUnit}' is not in this silo", cancellationToken).ConfigureAwait(false);
            return;
        }

        var engine = _services.Engines.Get(record.Key.Engine);
        var keeper = new LockKeeper(engine, _services.Store, record, fence, record.LockDuration, _services.Options, _services.Time, _logger);
        var verdict = await keeper.EnsureAsync(cancellationToken).ConfigureAwait(false);
        if (verdict != LockVerdict.Held)
        {
            await SettleLockLossAsync(fence, verdict, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (invocation, lockVerdict) = await RunWorkUnitAsync(registration, keeper, Request(engine, fence), cancellationToken).ConfigureAwait(false);
        if (lockVerdict != LockVerdict.Held)
        {
            await SettleLockLossAsync(fence, lockVerdict, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (invocation.Cancelled)
        {
            await ReleaseAsync(fence, engine).ConfigureAwait(false);
            return;
        }

        var outcome = ToOutcome(invocation);
        if (!await Storage(ct => _services.Store.PersistOutcomeAsync(fence, outcome, ct), cancellationToken).ConfigureAwait(false))
        {
            LogSuperseded(_logger, record.Key, fence.Activation);
            return;
        }

        await _services.Reporter.ReportAsync(record with { State = TaskGrainState.Reporting, Outcome = outcome, LockExpiresAt = keeper.LockExpiresAt },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<(WorkUnitRun Invocation, LockVerdict Verdict)> RunWorkUnitAsync(WorkUnitRegistration registration, LockKeeper keeper,
        WorkUnitRunRequest request, CancellationToken stopping)
    {
        using var lockLost = new CancellationTokenSource();
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stopping, lockLost.Token);
        using var stopKeeping = new CancellationTokenSource();
        var keeping = keeper.RunAsync(lockLost.Cancel, stopKeeping.Token);
        WorkUnitRun invocation;
        try
        {
            invocation = await _services.Executor.RunAsync(registration, request, work.Token).ConfigureAwait(false);
        }
        finally
        {
            await stopKeeping.CancelAsync().ConfigureAwait(false);
        }

        return (invocation, await keeping.ConfigureAwait(false));
    }

    private WorkUnitRunRequest Request(Bptl.Camunda.CamundaClient engine, TaskFence fence) => new()
    {
        Engine = _record.Key.Engine,
        TaskId = _record.Key.TaskId,
        Topic = _record.Topic,
        ProcessInstanceId = _record.ProcessInstanceId,
        ProcessDefinitionKey = _record.ProcessDefinitionKey,
        ActivityId = _record.ActivityId,
        BusinessKey = _record.BusinessKey,
        TenantId = _record.TenantId,
        Attempt = _record.Attempt,
        RetriesLeft = _record.EngineRetries,
        Variables = _record.ProcessInstanceId is { } instance ? engine.ProcessInstances.WithFileContent(instance, _record.Variables) : _record.Variables,
        Checkpoint = new TaskCheckpoint(_services.Store, fence, _record.Checkpoint),
        Timeline = new StoreTaskTimeline(_services.Store, fence, _record.Key, _logger),
        ContractErrorCode = _services.Topics.Get(new TopicKey(_record.Key.Engine, _record.Topic))?.ContractErrorCode,
    };

    private TaskOutcome ToOutcome(WorkUnitRun invocation) => invocation.Result switch
    {
        CompleteResult complete => TaskOutcome.Complete(NullIfEmpty(complete.Variables), NullIfEmpty(complete.LocalVariables)),
        BpmnErrorResult error => TaskOutcome.BpmnError(error.ErrorCode, error.Message, NullIfEmpty(error.Variables)),
        FailureResult failure => Failure(failure, invocation.ErrorType),
        _ => throw new InvalidOperationException($"Unknown work unit result {invocation.Result?.GetType().Name}."),
    };

    private TaskOutcome Failure(FailureResult failure, string? errorType)
    {
        var policy = _services.Topics.Get(new TopicKey(_record.Key.Engine, _record.Topic))?.Retry ?? RetryPolicy.Default;
        var decision = policy.Decide(_record.EngineRetries, failure.Retryable, errorType, failure.RetryDelay, Random.Shared.NextDouble());
        LogFailed(_logger, _record.Key, failure.Message, decision.Retries, (long)decision.RetryTimeout.TotalMilliseconds);
        return TaskOutcome.Failure(failure.Message, failure.Details, decision.Retries, decision.RetryTimeout, errorType);
    }

    private static Bptl.Variables.VariableMap? NullIfEmpty(Bptl.Variables.VariableMap map) => map.Count == 0 ? null : map;

    private async Task SettleLockLossAsync(TaskFence fence, LockVerdict verdict, CancellationToken cancellationToken)
    {
        switch (verdict)
        {
            case LockVerdict.Gone:
                await SettleAsync(fence, TaskGrainState.Gone, "the engine no longer has the task", cancellationToken).ConfigureAwait(false);
                break;
            case LockVerdict.Lost:
                await SettleAsync(fence, TaskGrainState.Lost, "the engine lock was lost; the outcome is discarded", cancellationToken).ConfigureAwait(false);
                break;
            default:
                LogSuperseded(_logger, _record.Key, fence.Activation);
                break;
        }
    }

    /// <summary>A stopping silo hands the task back: first the grain (fenced), then the engine lock.</summary>
    private async Task ReleaseAsync(TaskFence fence, Bptl.Camunda.CamundaClient engine)
    {
        if (!await _services.Store.SettleAsync(fence, TaskGrainState.Released, "the silo stopped before the work unit finished", CancellationToken.None).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await engine.ExternalTasks.UnlockAsync(_record.Key.TaskId, timeout.Token).ConfigureAwait(false);
            LogReleased(_logger, _record.Key);
        }
        catch (Exception ex) when (ex is Bptl.Camunda.Errors.CamundaException or OperationCanceledException)
        {
            // The lock then simply expires and the engine delivers the task again.
            LogUnlockFailed(_logger, _record.Key, ex.Message);
        }
    }

    private async Task SettleAsync(TaskFence fence, TaskGrainState state, string reason, CancellationToken cancellationToken)
    {
        if (await Storage(ct => _services.Store.SettleAsync(fence, state, reason, ct), cancellationToken).ConfigureAwait(false))
        {
            LogSettled(_logger, _record.Key, state, reason);
        }
    }

    private Task<bool> Storage(Func<CancellationToken, Task<bool>> call, CancellationToken cancellationToken) =>
        StorageRetry.RunAsync(call, _services.Time, (ex, attempt) => LogStorageRetry(_logger, _record.Key, attempt, ex.Message), cancellationToken);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Task {Task} maps to work unit '{WorkUnit}', which this silo does not have; it is handed back")]
    private static partial void LogNoWorkUnit(ILogger logger, TaskGrainKey task, string workUnit);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Activation {Activation} of task {Task} was superseded by a newer one; it stops")]
    private static partial void LogSuperseded(ILogger logger, TaskGrainKey task, long activation);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Task {Task} failed ({Message}); reporting {Retries} retries left, next try in {RetryTimeoutMs} ms")]
    private static partial void LogFailed(ILogger logger, TaskGrainKey task, string message, int retries, long retryTimeoutMs);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Task {Task} settled as {State}: {Reason}")]
    private static partial void LogSettled(ILogger logger, TaskGrainKey task, TaskGrainState state, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Task {Task} was handed back to the engine (unlocked) by a stopping silo")]
    private static partial void LogReleased(ILogger logger, TaskGrainKey task);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Could not unlock task {Task} on shutdown ({Error}); its lock will expire")]
    private static partial void LogUnlockFailed(ILogger logger, TaskGrainKey task, string error);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Storage unavailable for task {Task} (attempt {Attempt}): {Error}; retrying")]
    private static partial void LogStorageRetry(ILogger logger, TaskGrainKey task, int attempt, string error);
}
