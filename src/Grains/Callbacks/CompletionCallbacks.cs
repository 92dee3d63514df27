using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Persistence;
using Bptl.Grains.Retries;
using Bptl.Grains.Tasks;
using Bptl.Variables;
using Microsoft.Extensions.Logging;

namespace Bptl.Grains.Callbacks;

/// <summary>
/// After the engine acknowledged a completion, POSTs to the process variable <c>callbackUrl</c> when the task had one
/// (an absolute http or https URL): a JSON body naming the task, its process and the variables the work unit set.
/// The callback is durable. The acknowledgement and the callback it owes are written together
/// (<see cref="ITaskStore.RecordReportedAsync"/>), and any silo claims due callbacks, so one whose silo crashed is
/// sent by another. A failed attempt (a connection error, a timeout, a non-2xx answer) is retried with backoff up to
/// <see cref="GrainRuntimeOptions.CallbackAttempts"/> times, and every attempt is recorded on the task's timeline.
/// </summary>
public sealed partial class CompletionCallbacks(IHttpClientFactory http, ITaskStore store, ISiloIdentity silo, GrainRuntimeOptions options,
    TimeProvider time, ILogger<CompletionCallbacks> logger) : IDisposable
{
    /// <summary>The process variable that asks for a callback.</summary>
    public const string Variable = "callbackUrl";

    /// <summary>The name of the HTTP client callbacks use (configurable like any named client).</summary>
    public const string HttpClientName = "bptl-callbacks";

    private const int BatchSize = 16;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly ExponentialBackoff _backoff = new(options.CallbackBackoffInitial, options.CallbackBackoffMax);

    /// <summary>
    /// True when the completed task <paramref name="record"/> owes a callback. A <c>callbackUrl</c> that is not an
    /// absolute http or https URL is recorded on the timeline and skipped.
    /// </summary>
    public bool Wants(TaskRecord record, TaskFence fence)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.Variables.TryGetValue(Variable, out var value) || value.Type == VariableType.Null)
        {
            return false;
        }

        if (value.Value is string text && Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return true;
        }

        LogInvalidUrl(logger, record.Key);
        _ = RecordAsync(fence, new JsonObject { ["error"] = "callbackUrl is not an absolute http or https URL" }, CancellationToken.None);
        return false;
    }

    /// <summary>A callback was just made due: send it now rather than at the next scan.</summary>
    public void Wake() => _wake.Release();

    /// <summary>Claims and sends due callbacks until <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        // A claim outlives the longest attempt, so only a crashed silo's claims pass to another silo.
        var lease = options.CallbackTimeout * 2 + TimeSpan.FromSeconds(5);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var due = await store.ClaimCallbacksAsync(BatchSize, lease, stopping).ConfigureAwait(false);
                await Task.WhenAll(due.Select(d => SendAsync(d, stopping))).ConfigureAwait(false);
                if (due.Count == BatchSize)
                {
                    continue;
                }

                await _wake.WaitAsync(options.CallbackScanInterval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (StorageRetry.IsTransient(ex))
            {
                LogStorage(logger, ex.Message);
                try
                {
                    await Task.Delay(options.CallbackBackoffInitial, time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _wake.Dispose();

    private async Task SendAsync(CallbackDue due, CancellationToken stopping)
    {
        var record = due.Record;
        var fence = new TaskFence(record.Id, silo.Id, record.Activation);
        if (!record.Variables.TryGetValue(Variable, out var value) || value.Value is not string text || !Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            await store.FinishCallbackAsync(record.Id, due.Attempt, null, stopping).ConfigureAwait(false);
            return;
        }

        var started = time.GetTimestamp();
        string? error;
        int? status = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(options.CallbackTimeout);
            using var response = await http.CreateClient(HttpClientName).PostAsJsonAsync(url, Body(record), timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"answered {status}";
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !stopping.IsCancellationRequested)
        {
            error = ex is OperationCanceledException ? "timed out" : ex.Message;
        }

        // Stopping mid-attempt: the claim runs out and this or another silo tries again.
        stopping.ThrowIfCancellationRequested();
        await RecordAsync(fence, new JsonObject
        {
            ["url"] = Redacted(url),
            ["attempt"] = due.Attempt,
            ["status"] = status,
            ["error"] = error,
            ["durationMs"] = (long)time.GetElapsedTime(started).TotalMilliseconds,
        }, stopping).ConfigureAwait(false);
        DateTimeOffset? next = null;
        if (error is null)
        {
            LogSent(logger, record.Key, status ?? 0);
        }
        else if (due.Attempt >= options.CallbackAttempts)
        {
            LogGaveUp(logger, record.Key, due.Attempt, error);
        }
        else
        {
            next = time.GetUtcNow() + _backoff.Delay(due.Attempt, Random.Shared.NextDouble());
        }

        await store.FinishCallbackAsync(record.Id, due.Attempt, next, stopping).ConfigureAwait(false);
    }

    private async Task RecordAsync(TaskFence fence, JsonObject detail, CancellationToken cancellationToken)
    {
        try
        {
            await store.AppendEventAsync(fence, "callback", detail.ToJsonString(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotRecorded(logger, ex.Message);
        }
    }

    private static JsonObject Body(TaskRecord record)
    {
        var outputs = record.Outcome?.Variables is { } variables ? JsonNode.Parse(VariableJson.Serialize(variables)) : new JsonObject();
        return new JsonObject
        {
            ["event"] = "completed",
            ["engine"] = record.Key.Engine,
            ["taskId"] = record.Key.TaskId,
            ["topic"] = record.Topic,
            ["workUnit"] = record.WorkUnit,
            ["processInstanceId"] = record.ProcessInstanceId,
            ["processDefinitionKey"] = record.ProcessDefinitionKey,
            ["activityId"] = record.ActivityId,
            ["businessKey"] = record.BusinessKey,
            ["variables"] = outputs,
        };
    }

    private static string Redacted(Uri url) => url.GetLeftPart(UriPartial.Path) + (url.Query.Length > 0 ? "?…" : "");

    [LoggerMessage(EventId = 2030, Level = LogLevel.Warning, Message = "Task {Task} has a callbackUrl that is not an absolute http or https URL; no callback is sent")]
    private static partial void LogInvalidUrl(ILogger logger, TaskGrainKey task);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Debug, Message = "Callback of task {Task} answered {Status}")]
    private static partial void LogSent(ILogger logger, TaskGrainKey task, int status);

    [LoggerMessage(EventId = 2032, Level = LogLevel.Warning, Message = "Callback of task {Task} failed {Attempts} times ({Error}); it is given up")]
    private static partial void LogGaveUp(ILogger logger, TaskGrainKey task, int attempts, string error);

    [LoggerMessage(EventId = 2033, Level = LogLevel.Warning, Message = "Storage unavailable for completion callbacks ({Error}); retrying")]
    private static partial void LogStorage(ILogger logger, string error);

    [LoggerMessage(EventId = 2034, Level = LogLevel.Warning, Message = "A callback attempt was not recorded on its task's timeline: {Error}")]
    private static partial void LogNotRecorded(ILogger logger, string error);
}
