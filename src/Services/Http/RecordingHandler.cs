using System.Text.Json.Nodes;
using Bptl.Grains.Services;
using Microsoft.Extensions.Logging;

namespace Bptl.Services.Http;

/// <summary>Who and what a run's requests to one service are recorded as.</summary>
internal sealed record RecordingScope(ITaskTimeline Timeline, string Service, string? AppId, string? Credential, bool RecordBodies,
    int MaxBodyLength, ServiceAuth Auth);

/// <summary>
/// Records every request on the run's task timeline as an <c>http</c> event: method, address (secrets hidden),
/// status or error, duration, service and application; bodies too when the service records them, cut short and with
/// secrets hidden. Recording never fails the request.
/// </summary>
internal sealed partial class RecordingHandler(RecordingScope scope, TimeProvider time, ILogger logger) : DelegatingHandler
{
    public const string Kind = "http";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var requestBody = scope.RecordBodies && request.Content is not null
            ? await ReadBodyAsync(request.Content, remote: false, cancellationToken).ConfigureAwait(false)
            : null;
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var failed = Detail(request, started, requestBody);
            failed["error"] = Redaction.Known(ex is OperationCanceledException ? "cancelled or timed out" : $"{ex.GetType().Name}: {ex.Message}",
                scope.Auth.Secrets);
            await RecordAsync(failed).ConfigureAwait(false);
            throw;
        }

        var detail = Detail(request, started, requestBody);
        detail["status"] = (int)response.StatusCode;
        if (scope.RecordBodies)
        {
            try
            {
                detail["responseBody"] = await ReadBodyAsync(response.Content, remote: true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                detail["responseBody"] = $"(not recorded: {ex.GetType().Name})";
            }

            detail["durationMs"] = Elapsed(started);
        }

        await RecordAsync(detail).ConfigureAwait(false);
        return response;
    }

    private JsonObject Detail(HttpRequestMessage request, long started, string? requestBody)
    {
        var detail = new JsonObject
        {
            ["method"] = request.Method.Method,
            ["url"] = request.RequestUri is null ? null : Redaction.Url(request.RequestUri, scope.Auth.Secrets),
            ["durationMs"] = Elapsed(started),
            ["service"] = scope.Service,
            ["appId"] = scope.AppId,
        };
        if (scope.Credential is not null)
        {
            detail["credential"] = scope.Credential;
        }

        if (requestBody is not null)
        {
            detail["requestBody"] = requestBody;
        }

        return detail;
    }

    private async Task<string> ReadBodyAsync(HttpContent content, bool remote, CancellationToken cancellationToken)
    {
        var text = await BodyText.ReadAsync(content, remote, cancellationToken).ConfigureAwait(false);
        return Redaction.Truncate(Redaction.Body(text, content.Headers.ContentType?.MediaType, scope.Auth.Secrets), scope.MaxBodyLength);
    }

    private long Elapsed(long started) => (long)time.GetElapsedTime(started).TotalMilliseconds;

    private async Task RecordAsync(JsonObject detail)
    {
        try
        {
            // The event describes a request already made: record it even when the caller has given up waiting.
            await scope.Timeline.RecordAsync(Kind, detail, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogNotRecorded(logger, scope.Service, ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "A request to external service {Service} was not recorded on its task's timeline: {Error}")]
    private static partial void LogNotRecorded(ILogger logger, string service, string error);
}
