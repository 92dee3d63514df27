using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Persistence;
using Bptl.Grains.Retries;
using Bptl.Variables;
using Microsoft.Extensions.Logging;

namespace Bptl.Grains.Callbacks;

/// <summary>
/// After the engine acknowledged a completion, POSTs to the process variable <c>callbackUrl</c> when the task had
/// one (an absolute http or https URL): a JSON body naming the task, its process and the variables the work unit set.
/// A callback that fails (a connection error, a timeout, a non-2xx answer) is retried with backoff up to
/// <see cref="GrainRuntimeOptions.CallbackAttempts"/> times; every attempt is recorded on the task's timeline. The
/// callbacks in flight when the silo stops are given up (logged): the process itself is already complete.
/// </summary>
public sealed partial class CompletionCallbacks(IHttpClientFactory http, ITaskStore store, GrainRuntimeOptions options, TimeProvider time,
    ILogger<CompletionCallbacks> logger)
{
    /// <summary>The process variable that asks for a callback.</summary>
    public const string Variable = "callbackUrl";

    /// <summary>The name of the HTTP client callbacks use (configurable like any named client).</summary>
    public const string HttpClientName = "bptl-callbacks";

    private readonly Channel<(TaskRecord Record, TaskFence Fence, Uri Url)> _queue = Channel.CreateUnbounded<(TaskRecord, TaskFence, Uri)>();

    /// <summary>Queues the callback of a completed task, when it asked for one.</summary>
    public void OnCompleted(TaskRecord record, TaskFence fence)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.Variables.TryGetValue(Variable, out var value) || value.Type == VariableType.Null)
        {
            return;
        }

        if (value.Value is not string text || !Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            LogInvalidUrl(logger, record.Key);
            _ = RecordAsync(fence, new JsonObject { ["error"] = "callbackUrl is not an absolute http or https URL" }, CancellationToken.None);
            return;
        }

        _queue.Writer.TryWrite((record, fence, url));
    }

    /// <summary>Sends queued callbacks until <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var backoff = new ExponentialBackoff(options.CallbackBackoffInitial, options.CallbackBackoffMax);
        var sending = new List<Task>();
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                sending.RemoveAll(t => t.IsCompleted);
                sending.Add(SendAsync(item.Record, item.Fence, item.Url, backoff, stopping));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        await Task.WhenAll(sending).ConfigureAwait(false);
        var abandoned = 0;
        while (_queue.Reader.TryRead(out _))
        {
            abandoned++;
        }

        if (abandoned > 0)
        {
            LogAbandoned(logger, abandoned);
        }
    }

    private async Task SendAsync(TaskRecord record, TaskFence fence, Uri url, ExponentialBackoff backoff, CancellationToken stopping)
    {
        var client = http.CreateClient(HttpClientName);
        var body = Body(record);
        for (var attempt = 1; attempt <= options.CallbackAttempts; attempt++)
        {
            var started = time.GetTimestamp();
            string? error;
            int? status = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                timeout.CancelAfter(options.CallbackTimeout);
                using var response = await client.PostAsJsonAsync(url, body, timeout.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                error = response.IsSuccessStatusCode ? null : $"answered {status}";
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !stopping.IsCancellationRequested)
            {
                error = ex is OperationCanceledException ? "timed out" : ex.Message;
            }
            catch (OperationCanceledException)
            {
                LogAbandoned(logger, 1);
                return;
            }

            await RecordAsync(fence, new JsonObject
            {
                ["url"] = Redacted(url),
                ["attempt"] = attempt,
                ["status"] = status,
                ["error"] = error,
                ["durationMs"] = (long)time.GetElapsedTime(started).TotalMilliseconds,
            }, stopping).ConfigureAwait(false);
            if (error is null)
            {
                LogSent(logger, record.Key, status ?? 0);
                return;
            }

            if (attempt == options.CallbackAttempts)
            {
                LogGaveUp(logger, record.Key, attempt, error);
                return;
            }

            try
            {
                await Task.Delay(backoff.Delay(attempt, Random.Shared.NextDouble()), time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                LogAbandoned(logger, 1);
                return;
            }
        }
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

    [LoggerMessage(EventId = 2033, Level = LogLevel.Warning, Message = "{Count} callbacks were not sent because the silo stopped")]
    private static partial void LogAbandoned(ILogger logger, int count);

    [LoggerMessage(EventId = 2034, Level = LogLevel.Warning, Message = "A callback attempt was not recorded on its task's timeline: {Error}")]
    private static partial void LogNotRecorded(ILogger logger, string error);
}
