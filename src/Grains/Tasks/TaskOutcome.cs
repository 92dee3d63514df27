using Bptl.Variables;

namespace Bptl.Grains.Tasks;

/// <summary>What a task grain reports to the engine.</summary>
public enum TaskOutcomeKind
{
    /// <summary>Complete the task.</summary>
    Complete,
    /// <summary>Report a failure, with retries left or none (an incident).</summary>
    Failure,
    /// <summary>Throw a BPMN error.</summary>
    BpmnError,
}

/// <summary>
/// A work unit's outcome as persisted before it is reported: everything the engine call needs, decided once (the
/// retries and retry timeout come from the topic's retry policy at that moment), so that a report retried later,
/// or by another silo, sends exactly the same thing.
/// </summary>
public sealed record TaskOutcome
{
    /// <summary>The kind of report.</summary>
    public required TaskOutcomeKind Kind { get; init; }

    /// <summary>Complete, failure, BPMN error: variables set with process semantics.</summary>
    public VariableMap? Variables { get; init; }

    /// <summary>Complete, failure: variables set on the task's execution.</summary>
    public VariableMap? LocalVariables { get; init; }

    /// <summary>Failure, BPMN error: the message.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Failure: the full details.</summary>
    public string? ErrorDetails { get; init; }

    /// <summary>Failure: the exception type, or the work unit's own error kind, that caused it.</summary>
    public string? ErrorType { get; init; }

    /// <summary>BPMN error: the code.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Failure: retries left to report (0 opens an incident).</summary>
    public int Retries { get; init; }

    /// <summary>Failure: how long the engine waits before delivering the task again.</summary>
    public TimeSpan RetryTimeout { get; init; }

    /// <summary>Why Bptl itself decided this outcome, when it did (a poisoned task, a refused completion).</summary>
    public string? Reason { get; init; }

    /// <summary>A complete.</summary>
    public static TaskOutcome Complete(VariableMap? variables, VariableMap? localVariables) =>
        new() { Kind = TaskOutcomeKind.Complete, Variables = variables, LocalVariables = localVariables };

    /// <summary>A failure.</summary>
    public static TaskOutcome Failure(string message, string? details, int retries, TimeSpan retryTimeout, string? errorType = null, string? reason = null) =>
        new()
        {
            Kind = TaskOutcomeKind.Failure,
            ErrorMessage = message,
            ErrorDetails = details,
            Retries = retries,
            RetryTimeout = retryTimeout,
            ErrorType = errorType,
            Reason = reason,
        };

    /// <summary>A BPMN error.</summary>
    public static TaskOutcome BpmnError(string code, string? message, VariableMap? variables) =>
        new() { Kind = TaskOutcomeKind.BpmnError, ErrorCode = code, ErrorMessage = message, Variables = variables };
}
