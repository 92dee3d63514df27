using System.Net.Sockets;

namespace Bptl.Camunda.Errors;

/// <summary>Turns failed responses and transport failures into the typed <see cref="CamundaException"/>s.</summary>
internal static class CamundaErrorMapper
{
    private const int MaxErrorBodyChars = 64 * 1024;

    public static bool IsTransientStatus(int status) => status is 408 or 429 or 502 or 503 or 504;

    /// <summary>
    /// True for a 500 whose transaction the engine rolled back and that may succeed when sent again:
    /// optimistic locking (code 1), deadlock (code 10000), a full long-poll queue, a shutting-down server.
    /// </summary>
    public static bool IsRefusedAndRetryable(int status, string? type, string? message, int? code) =>
        status == 500
        && (type == "OptimisticLockingException"
            || code is 1 or 10000
            || (message is not null
                && (message.Contains("too many requests at the same time", StringComparison.Ordinal)
                    || message.Contains("Request rejected due to shutdown", StringComparison.Ordinal))));

    public static bool IsLockConflict(string? message) =>
        message is not null
        && (message.Contains("It is locked by worker", StringComparison.Ordinal)
            || message.Contains("Cannot extend a lock that expired", StringComparison.Ordinal));

    public static bool IsMessageMismatch(string? message) =>
        message is not null && message.Contains("MismatchingMessageCorrelationException", StringComparison.Ordinal);

    public static async Task<CamundaException> FromResponseAsync(HttpResponseMessage response, HttpRequestMessage request,
        string path, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var (type, message, code, reason) = ParseBody(body);
        var details = new CamundaErrorDetails
        {
            Method = request.Method.Method,
            Path = path,
            StatusCode = status,
            EngineErrorType = type,
            EngineMessage = message,
            EngineErrorCode = code,
            Reason = reason,
            Attempts = Http.CamundaRequestOptions.Get(request, Http.CamundaRequestOptions.Attempts, 1),
            EarlierAttemptUnanswered = Http.CamundaRequestOptions.Get(request, Http.CamundaRequestOptions.EarlierAttemptUnanswered, false),
        };

        return status switch
        {
            404 => new CamundaNotFoundException(details),
            400 when IsLockConflict(message) => new CamundaLockConflictException(details),
            400 when IsMessageMismatch(message) => new CamundaMessageCorrelationException(details),
            400 => new CamundaBadRequestException(details),
            401 or 403 => new CamundaUnauthorizedException(details),
            _ when IsTransientStatus(status) || IsRefusedAndRetryable(status, type, message, code) => new CamundaTransientException(details),
            >= 500 => new CamundaServerErrorException(details),
            // Other 4xx (405, 409, 415, ...) are refusals of the request as sent.
            _ => new CamundaBadRequestException(details),
        };
    }

    public static CamundaTransientException FromTransport(Exception exception, HttpRequestMessage request, string path)
    {
        var timedOut = Http.CamundaRequestOptions.Get(request, Http.CamundaRequestOptions.TimedOut, false);
        var notSent = !timedOut && IsNotSent(exception);
        var details = new CamundaErrorDetails
        {
            Method = request.Method.Method,
            Path = path,
            Reason = timedOut ? "the engine did not answer in time" : DescribeTransport(exception),
            Attempts = Http.CamundaRequestOptions.Get(request, Http.CamundaRequestOptions.Attempts, 1),
            EarlierAttemptUnanswered = Http.CamundaRequestOptions.Get(request, Http.CamundaRequestOptions.EarlierAttemptUnanswered, false),
            NotSent = notSent,
        };
        return new CamundaTransientException(details, exception);
    }

    /// <summary>True when the exception says the request never reached the engine.</summary>
    public static bool IsNotSent(Exception exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
        || exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    private static string DescribeTransport(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "the connection to the engine could not be made: " + exception.Message,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "the engine's host name could not be resolved: " + exception.Message,
        HttpRequestException => "the connection failed before an answer arrived: " + exception.Message,
        _ => exception.Message,
    };

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return text.Length > MaxErrorBodyChars ? text[..MaxErrorBodyChars] : text;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The status is still meaningful even if the body was cut off.
            return "";
        }
    }

    private static (string? Type, string? Message, int? Code, string? Reason) ParseBody(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null, null, null);
        }

        return EngineError.TryParse(body, out var type, out var message, out var code)
            ? (type, message, code, null)
            : (null, null, null, "the error body is not a JSON object: " + Truncate(body));
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
