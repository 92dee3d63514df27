namespace Bptl.Camunda.Errors;

/// <summary>
/// A request to the engine failed. The subclass says how (<see cref="Kind"/> says the same for a switch); the
/// engine's error body, when there is one, is in <see cref="EngineErrorType"/>, <see cref="EngineMessage"/> and
/// <see cref="EngineErrorCode"/>.
/// </summary>
public abstract class CamundaException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected CamundaException(CamundaErrorDetails details, Exception? innerException = null)
        : base(details.Describe(), innerException)
    {
        ArgumentNullException.ThrowIfNull(details);
        Details = details;
    }

    /// <summary>Everything known about the failed request.</summary>
    public CamundaErrorDetails Details { get; }

    /// <summary>The kind of failure.</summary>
    public abstract CamundaErrorKind Kind { get; }

    /// <summary>The HTTP status, or null when no response arrived (timeout, connection failure).</summary>
    public int? StatusCode => Details.StatusCode;

    /// <summary>The engine's <c>type</c>: the Java exception's simple name, for example <c>RestException</c>.</summary>
    public string? EngineErrorType => Details.EngineErrorType;

    /// <summary>The engine's <c>message</c>.</summary>
    public string? EngineMessage => Details.EngineMessage;

    /// <summary>The engine's <c>code</c> (0 fallback, 1 optimistic locking, 10000 deadlock, 20000–39999 custom), or null.</summary>
    public int? EngineErrorCode => Details.EngineErrorCode;

    /// <summary>True when the same request may succeed later.</summary>
    public bool IsTransient => Kind == CamundaErrorKind.Transient;
}

/// <summary>The engine answered 404: the resource does not exist.</summary>
/// <remarks>
/// For complete, failure, bpmnError and the other calls the client retries, a 404 after an earlier attempt of the
/// same call ended without an answer (a timeout, a dropped connection, a 502/503/504) may mean that the earlier
/// attempt succeeded: <see cref="EarlierAttemptMayHaveSucceeded"/> is then true. A 404 on the first attempt means
/// the task was already gone before this call: cancelled, deleted or finished by someone else.
/// </remarks>
public sealed class CamundaNotFoundException(CamundaErrorDetails details) : CamundaException(details)
{
    /// <inheritdoc />
    public override CamundaErrorKind Kind => CamundaErrorKind.NotFound;

    /// <summary>
    /// True when this 404 answered a retry of a call whose earlier attempt got no answer, so that attempt may have
    /// been carried out. See <c>ExternalTaskClient.GetHandlingAsync</c> to find out from the engine's history.
    /// </summary>
    public bool EarlierAttemptMayHaveSucceeded => Details.EarlierAttemptUnanswered;
}

/// <summary>The engine answered 400: it refused the request.</summary>
public class CamundaBadRequestException(CamundaErrorDetails details) : CamundaException(details)
{
    /// <inheritdoc />
    public override CamundaErrorKind Kind => CamundaErrorKind.BadRequest;
}

/// <summary>
/// The engine answered 400 because the task's lock belongs to another worker (or to no one), or because the lock
/// to extend has expired: this worker has lost the task and must not report on it.
/// </summary>
public sealed class CamundaLockConflictException(CamundaErrorDetails details) : CamundaBadRequestException(details)
{
    /// <inheritdoc />
    public override CamundaErrorKind Kind => CamundaErrorKind.LockConflict;
}

/// <summary>
/// The engine answered 400 because a message could not be correlated (Camunda's MismatchingMessageCorrelationException):
/// nothing waits for it and no definition starts with it (<see cref="NothingMatched"/>), or, without
/// <c>all</c>, more than one execution or definition matched.
/// </summary>
public sealed class CamundaMessageCorrelationException(CamundaErrorDetails details) : CamundaBadRequestException(details)
{
    /// <summary>True when no execution and no process definition matched; false when several did.</summary>
    public bool NothingMatched =>
        EngineMessage?.Contains("No process definition or execution matches the parameters", StringComparison.Ordinal) == true;
}

/// <summary>The engine answered 401 (no or wrong credentials) or 403 (not authorized).</summary>
public sealed class CamundaUnauthorizedException(CamundaErrorDetails details) : CamundaException(details)
{
    /// <inheritdoc />
    public override CamundaErrorKind Kind => StatusCode == 403 ? CamundaErrorKind.Forbidden : CamundaErrorKind.Unauthorized;
}

/// <summary>The engine answered with a server error that retrying the same request will not fix.</summary>
public sealed class CamundaServerErrorException(CamundaErrorDetails details) : CamundaException(details)
{
    /// <inheritdoc />
    public override CamundaErrorKind Kind => CamundaErrorKind.ServerError;
}

/// <summary>
/// A failure that may pass: a timeout, a refused or dropped connection, a 502/503/504, an optimistic-locking or
/// deadlock 500, or the engine's full long-poll queue.
/// </summary>
public sealed class CamundaTransientException(CamundaErrorDetails details, Exception? innerException = null)
    : CamundaException(details, innerException)
{
    /// <inheritdoc />
    public override CamundaErrorKind Kind => CamundaErrorKind.Transient;

    /// <summary>True when the request certainly did not reach the engine (the connection was refused).</summary>
    public bool NotSent => Details.NotSent;
}

/// <summary>The engine answered with success, but its body could not be read (malformed JSON, a wrong shape).</summary>
public sealed class CamundaInvalidResponseException(CamundaErrorDetails details, Exception? innerException = null)
    : CamundaException(details, innerException)
{
    /// <inheritdoc />
    public override CamundaErrorKind Kind => CamundaErrorKind.InvalidResponse;
}
