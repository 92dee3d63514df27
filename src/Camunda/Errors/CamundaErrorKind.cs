namespace Bptl.Camunda.Errors;

/// <summary>What kind of failure a <see cref="CamundaException"/> is, for callers that switch on it.</summary>
public enum CamundaErrorKind
{
    /// <summary>404: the resource does not exist (a completed or cancelled external task is gone).</summary>
    NotFound,
    /// <summary>400: the engine refused the request (validation, a suspended task, ...).</summary>
    BadRequest,
    /// <summary>400 because another worker holds the task's lock, or the lock expired (a lost lock).</summary>
    LockConflict,
    /// <summary>401: missing or wrong credentials.</summary>
    Unauthorized,
    /// <summary>403: authenticated but not authorized.</summary>
    Forbidden,
    /// <summary>500 or another server error that retrying the same request will not fix.</summary>
    ServerError,
    /// <summary>A failure that may pass: timeout, connection refused or reset, 502/503/504, optimistic locking, a full long-poll queue.</summary>
    Transient,
    /// <summary>The engine answered with success but its body could not be read.</summary>
    InvalidResponse,
}
