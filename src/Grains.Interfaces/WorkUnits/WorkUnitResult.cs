using Bptl.Variables;

namespace Bptl.Grains.Interfaces.WorkUnits;

/// <summary>
/// How a work unit run ended: <see cref="Complete"/>, <see cref="Failure"/> or <see cref="BpmnError"/>.
/// </summary>
public abstract record WorkUnitResult
{
    private protected WorkUnitResult()
    {
    }

    /// <summary>The task is done: the engine sets <paramref name="variables"/> (process semantics) and <paramref name="localVariables"/> (on the task) and moves on.</summary>
    public static CompleteResult Complete(VariableMap? variables = null, VariableMap? localVariables = null) =>
        new(variables ?? [], localVariables ?? []);

    /// <summary>
    /// The task failed. With <paramref name="retryable"/> the topic's retry policy decides when it runs again (or
    /// <paramref name="retryDelay"/> when given); otherwise, or when retries are used up, an incident opens in the
    /// engine carrying <paramref name="message"/> and <paramref name="details"/>.
    /// </summary>
    public static FailureResult Failure(string message, string? details = null, bool retryable = true, TimeSpan? retryDelay = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(message);
        if (retryDelay is { } delay && delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retryDelay), delay, "A retry delay cannot be negative.");
        }

        return new(message, details, retryable, retryDelay);
    }

    /// <summary>A business error: the engine throws BPMN error <paramref name="errorCode"/>, which an error boundary event can catch.</summary>
    public static BpmnErrorResult BpmnError(string errorCode, string? message = null, VariableMap? variables = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        return new(errorCode, message, variables ?? []);
    }
}

/// <summary>The task is done; see <see cref="WorkUnitResult.Complete"/>.</summary>
/// <param name="Variables">Variables set with process semantics.</param>
/// <param name="LocalVariables">Variables set on the task's execution.</param>
public sealed record CompleteResult(VariableMap Variables, VariableMap LocalVariables) : WorkUnitResult;

/// <summary>The task failed; see <see cref="WorkUnitResult.Failure"/>.</summary>
/// <param name="Message">A short message (the engine keeps 666 characters).</param>
/// <param name="Details">The full details, for example a stack trace.</param>
/// <param name="Retryable">False sends the task straight to an incident.</param>
/// <param name="RetryDelay">Overrides the retry policy's delay before the next try.</param>
public sealed record FailureResult(string Message, string? Details, bool Retryable, TimeSpan? RetryDelay) : WorkUnitResult;

/// <summary>A BPMN error; see <see cref="WorkUnitResult.BpmnError"/>.</summary>
/// <param name="ErrorCode">The error code a boundary event matches.</param>
/// <param name="Message">An optional message.</param>
/// <param name="Variables">Variables set before the error propagates.</param>
public sealed record BpmnErrorResult(string ErrorCode, string? Message, VariableMap Variables) : WorkUnitResult;
