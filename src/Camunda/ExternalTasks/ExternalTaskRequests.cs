using Bptl.Variables;

namespace Bptl.Camunda.ExternalTasks;

/// <summary>The body of <c>POST /external-task/{id}/complete</c>.</summary>
public sealed record CompleteExternalTask
{
    /// <summary>The worker holding the lock. Required.</summary>
    public required string WorkerId { get; init; }

    /// <summary>Variables set with process semantics: an existing variable is updated where it lives, a new one goes to the process instance.</summary>
    public VariableMap? Variables { get; init; }

    /// <summary>Variables set on the task's own execution.</summary>
    public VariableMap? LocalVariables { get; init; }
}

/// <summary>The body of <c>POST /external-task/{id}/failure</c>.</summary>
public sealed record ReportExternalTaskFailure
{
    /// <summary>The worker holding the lock. Required.</summary>
    public required string WorkerId { get; init; }

    /// <summary>The message; the engine keeps the first 666 characters and shows it on the incident.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The full details (a stack trace, say); the engine keeps them whole.</summary>
    public string? ErrorDetails { get; init; }

    /// <summary>
    /// Retries left after this failure. Always sent: the engine takes an omitted value as 0, which opens an
    /// incident. The engine never decrements it itself: send the task's retries minus one.
    /// </summary>
    public required int Retries { get; init; }

    /// <summary>How long the task stays locked (to this worker) before it can be fetched again.</summary>
    public TimeSpan RetryTimeout { get; init; }

    /// <summary>Variables set with process semantics.</summary>
    public VariableMap? Variables { get; init; }

    /// <summary>Variables set on the task's execution.</summary>
    public VariableMap? LocalVariables { get; init; }
}

/// <summary>The body of <c>POST /external-task/{id}/bpmnError</c>.</summary>
public sealed record ReportBpmnError
{
    /// <summary>The worker holding the lock. Required.</summary>
    public required string WorkerId { get; init; }

    /// <summary>The error code an error boundary event can catch. Required.</summary>
    public required string ErrorCode { get; init; }

    /// <summary>An optional message.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Variables set (process semantics) before the error propagates.</summary>
    public VariableMap? Variables { get; init; }
}

internal sealed record ExtendLockBody(string WorkerId, TimeSpan NewDuration);

internal sealed record LockBody(string WorkerId, TimeSpan LockDuration);

internal sealed record RetriesBody(int Retries);

internal sealed record PriorityBody(long Priority);

/// <summary>The body of <c>PUT /external-task/retries</c>: set retries on many tasks at once.</summary>
public sealed record SetRetriesForTasks
{
    /// <summary>The retries to set (≥ 0; 0 opens incidents, above 0 resolves them).</summary>
    public required int Retries { get; init; }

    /// <summary>The tasks by id.</summary>
    public IReadOnlyList<string>? ExternalTaskIds { get; init; }

    /// <summary>All tasks of these process instances.</summary>
    public IReadOnlyList<string>? ProcessInstanceIds { get; init; }
}
