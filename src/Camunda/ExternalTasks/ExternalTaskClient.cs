using System.Net;
using Bptl.Camunda.Errors;
using Bptl.Camunda.History;
using Bptl.Camunda.Http;
using Bptl.Camunda.ProcessInstances;
using Bptl.Camunda.Serialization;
using Bptl.Variables;

namespace Bptl.Camunda.ExternalTasks;

/// <summary>The <c>/external-task</c> endpoints.</summary>
/// <remarks>
/// complete, failure, bpmnError, extendLock, lock, unlock and the setters are retried after attempts whose outcome is
/// unknown: a retried complete that gets 404 throws <see cref="CamundaNotFoundException"/> with
/// <see cref="CamundaNotFoundException.EarlierAttemptMayHaveSucceeded"/> set; <see cref="GetHandlingAsync"/> then tells
/// from the engine's history whether the task was completed or deleted. fetchAndLock is retried only when the engine
/// certainly did not run it, since a lost answer would leave tasks locked to nobody until their lock expires.
/// </remarks>
public sealed class ExternalTaskClient
{
    /// <summary>The engine's upper bound for <see cref="FetchAndLockRequest.AsyncResponseTimeout"/>.</summary>
    public static readonly TimeSpan MaxAsyncResponseTimeout = TimeSpan.FromMilliseconds(1_800_000);

    private static readonly CamundaJsonContext Json = CamundaJsonContext.Default;
    private readonly CamundaHttp _http;
    private readonly ProcessInstanceClient _processInstances;
    private readonly HistoryClient _history;

    internal ExternalTaskClient(CamundaHttp http, ProcessInstanceClient processInstances, HistoryClient history)
    {
        _http = http;
        _processInstances = processInstances;
        _history = history;
    }

    /// <summary>
    /// Fetches and locks up to <see cref="FetchAndLockRequest.MaxTasks"/> tasks. With an
    /// <see cref="FetchAndLockRequest.AsyncResponseTimeout"/> the engine holds the request until a task is available
    /// or the timeout passes (then the answer is empty); cancelling <paramref name="cancellationToken"/> aborts it at once.
    /// </summary>
    public async Task<IReadOnlyList<LockedExternalTask>> FetchAndLockAsync(FetchAndLockRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.WorkerId);
        ArgumentOutOfRangeException.ThrowIfNegative(request.MaxTasks);
        if (request.AsyncResponseTimeout is { } wait && (wait < TimeSpan.Zero || wait > MaxAsyncResponseTimeout))
        {
            throw new ArgumentOutOfRangeException(nameof(request), wait, "AsyncResponseTimeout must be between 0 and 30 minutes (the engine's limit).");
        }

        var attemptTimeout = request.AsyncResponseTimeout is { } poll && poll > TimeSpan.Zero
            ? poll + _http.LongPollGrace + _http.RequestTimeout
            : (TimeSpan?)null;
        var tasks = await _http.SendAsync(HttpMethod.Post, "external-task/fetchAndLock", request, Json.FetchAndLockRequest,
            Json.ListLockedExternalTask, RetrySafety.NotIdempotent, cancellationToken, attemptTimeout).ConfigureAwait(false);
        for (var i = 0; i < tasks.Count; i++)
        {
            if (tasks[i].ProcessInstanceId is { } instance)
            {
                _processInstances.AttachFileLoaders(instance, tasks[i].Variables);
            }
        }

        return tasks;
    }

    /// <summary>Completes a task the worker holds, setting variables; the process moves on.</summary>
    public Task CompleteAsync(string taskId, CompleteExternalTask body, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, TaskPath(taskId, "complete"), body, Json.CompleteExternalTask, RetrySafety.Idempotent, cancellationToken);

    /// <summary>Reports a failure: the task is retried after the retry timeout, or an incident opens when retries reach 0.</summary>
    public Task HandleFailureAsync(string taskId, ReportExternalTaskFailure body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(body.Retries);
        return _http.SendAsync(HttpMethod.Post, TaskPath(taskId, "failure"), body, Json.ReportExternalTaskFailure, RetrySafety.Idempotent, cancellationToken);
    }

    /// <summary>Throws a BPMN error for the task; an error boundary event may catch it.</summary>
    public Task HandleBpmnErrorAsync(string taskId, ReportBpmnError body, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, TaskPath(taskId, "bpmnError"), body, Json.ReportBpmnError, RetrySafety.Idempotent, cancellationToken);

    /// <summary>Sets the lock to expire <paramref name="newDuration"/> from now. Needs an unexpired lock held by the worker.</summary>
    public Task ExtendLockAsync(string taskId, string workerId, TimeSpan newDuration, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, TaskPath(taskId, "extendLock"), new ExtendLockBody(workerId, newDuration), Json.ExtendLockBody,
            RetrySafety.Idempotent, cancellationToken);

    /// <summary>Locks a task that is unlocked, expired or already held by the worker (newer engines).</summary>
    public Task LockAsync(string taskId, string workerId, TimeSpan lockDuration, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, TaskPath(taskId, "lock"), new LockBody(workerId, lockDuration), Json.LockBody,
            RetrySafety.Idempotent, cancellationToken);

    /// <summary>Unlocks a task so any worker can fetch it at once.</summary>
    public Task UnlockAsync(string taskId, CancellationToken cancellationToken = default) =>
        _http.SendEmptyAsync(HttpMethod.Post, TaskPath(taskId, "unlock"), RetrySafety.Idempotent, cancellationToken);

    /// <summary>Gets a task.</summary>
    public Task<ExternalTask> GetAsync(string taskId, CancellationToken cancellationToken = default) =>
        _http.GetAsync(TaskPath(taskId), Json.ExternalTask, cancellationToken);

    /// <summary>Lists tasks matching <paramref name="query"/>, a page at a time.</summary>
    public async Task<IReadOnlyList<ExternalTask>> ListAsync(ExternalTaskQuery? query = null, int? firstResult = null, int? maxResults = null,
        CancellationToken cancellationToken = default)
    {
        var path = new QueryString("external-task").Add("firstResult", firstResult).Add("maxResults", maxResults).ToString();
        return await _http.SendAsync(HttpMethod.Post, path, query ?? new ExternalTaskQuery(), Json.ExternalTaskQuery, Json.ListExternalTask,
            RetrySafety.Idempotent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts tasks matching <paramref name="query"/>.</summary>
    public async Task<long> CountAsync(ExternalTaskQuery? query = null, CancellationToken cancellationToken = default)
    {
        var result = await _http.SendAsync(HttpMethod.Post, "external-task/count", query ?? new ExternalTaskQuery(), Json.ExternalTaskQuery,
            Json.CountResult, RetrySafety.Idempotent, cancellationToken).ConfigureAwait(false);
        return result.Count;
    }

    /// <summary>The full details of the task's last failure, or null when there are none.</summary>
    public async Task<string?> GetErrorDetailsAsync(string taskId, CancellationToken cancellationToken = default)
    {
        using var response = await _http.SendAsync(HttpMethod.Get, TaskPath(taskId, "errorDetails"), null, RetrySafety.Idempotent, cancellationToken)
            .ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NoContent
            ? null
            : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets a task's retries: 0 opens an incident, above 0 resolves it.</summary>
    public Task SetRetriesAsync(string taskId, int retries, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Put, TaskPath(taskId, "retries"), new RetriesBody(retries), Json.RetriesBody, RetrySafety.Idempotent, cancellationToken);

    /// <summary>Sets the retries of many tasks at once.</summary>
    public Task SetRetriesAsync(SetRetriesForTasks body, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Put, "external-task/retries", body, Json.SetRetriesForTasks, RetrySafety.Idempotent, cancellationToken);

    /// <summary>Sets a task's priority.</summary>
    public Task SetPriorityAsync(string taskId, long priority, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Put, TaskPath(taskId, "priority"), new PriorityBody(priority), Json.PriorityBody, RetrySafety.Idempotent, cancellationToken);

    /// <summary>
    /// What became of a task: still open, completed (a success entry in the external-task log), deleted (a BPMN
    /// error ended it, or its process instance was cancelled or moved past it), or unknown (no runtime row and no
    /// log, for example on an engine whose history level is below <c>full</c>). Use it after a retried call answered
    /// 404 with <see cref="CamundaNotFoundException.EarlierAttemptMayHaveSucceeded"/>.
    /// </summary>
    public async Task<ExternalTaskHandling> GetHandlingAsync(string taskId, CancellationToken cancellationToken = default)
    {
        try
        {
            await GetAsync(taskId, cancellationToken).ConfigureAwait(false);
            return ExternalTaskHandling.Open;
        }
        catch (CamundaNotFoundException)
        {
        }

        var log = await _history.ListExternalTaskLogAsync(new ExternalTaskLogQuery { ExternalTaskId = taskId }, cancellationToken)
            .ConfigureAwait(false);
        if (log.Any(e => e.SuccessLog))
        {
            return ExternalTaskHandling.Completed;
        }

        return log.Any(e => e.DeletionLog) ? ExternalTaskHandling.Deleted : ExternalTaskHandling.Unknown;
    }

    private static string TaskPath(string taskId, string? action = null) =>
        action is null ? "external-task/" + QueryString.Segment(taskId) : $"external-task/{QueryString.Segment(taskId)}/{action}";
}

/// <summary>What became of an external task; see <see cref="ExternalTaskClient.GetHandlingAsync"/>.</summary>
public enum ExternalTaskHandling
{
    /// <summary>Neither the runtime nor the history knows the task.</summary>
    Unknown,
    /// <summary>The task still exists.</summary>
    Open,
    /// <summary>The task was completed.</summary>
    Completed,
    /// <summary>The task ended without completion: a BPMN error, or its process instance was cancelled or moved on.</summary>
    Deleted,
}
