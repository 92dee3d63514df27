namespace Bptl.Grains.Interfaces.Grains;

/// <summary>Where a task grain stands.</summary>
public enum TaskGrainState
{
    /// <summary>Fetched and locked in the engine, waiting for a silo to claim it.</summary>
    Available,
    /// <summary>Claimed by one silo, whose activation runs the work unit.</summary>
    Running,
    /// <summary>The outcome is persisted; reporting it to the engine is under way (and retried until acknowledged).</summary>
    Reporting,
    /// <summary>Completed in the engine.</summary>
    Completed,
    /// <summary>A failure with retries left was reported; the engine delivers the task again after its retry timeout.</summary>
    Failed,
    /// <summary>A BPMN error was reported.</summary>
    BpmnError,
    /// <summary>A failure without retries was reported: the engine holds an incident.</summary>
    Incident,
    /// <summary>The engine no longer has the task (404): cancelled, or finished elsewhere.</summary>
    Gone,
    /// <summary>The engine lock was lost while the work unit ran: its outcome was discarded; the engine delivers the task again.</summary>
    Lost,
    /// <summary>Unlocked in the engine by a stopping silo; the engine delivers it again.</summary>
    Released,
    /// <summary>The engine refused the report because another worker holds the task now.</summary>
    Rejected,
}

/// <summary>Names of <see cref="TaskGrainState"/> as stored and shown.</summary>
public static class TaskGrainStates
{
    /// <summary>The stored name of <paramref name="state"/>: its snake_case form.</summary>
    public static string ToName(TaskGrainState state) => state switch
    {
        TaskGrainState.Available => "available",
        TaskGrainState.Running => "running",
        TaskGrainState.Reporting => "reporting",
        TaskGrainState.Completed => "completed",
        TaskGrainState.Failed => "failed",
        TaskGrainState.BpmnError => "bpmn_error",
        TaskGrainState.Incident => "incident",
        TaskGrainState.Gone => "gone",
        TaskGrainState.Lost => "lost",
        TaskGrainState.Released => "released",
        TaskGrainState.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>Parses a stored name; throws for an unknown one.</summary>
    public static TaskGrainState Parse(string name) => name switch
    {
        "available" => TaskGrainState.Available,
        "running" => TaskGrainState.Running,
        "reporting" => TaskGrainState.Reporting,
        "completed" => TaskGrainState.Completed,
        "failed" => TaskGrainState.Failed,
        "bpmn_error" => TaskGrainState.BpmnError,
        "incident" => TaskGrainState.Incident,
        "gone" => TaskGrainState.Gone,
        "lost" => TaskGrainState.Lost,
        "released" => TaskGrainState.Released,
        "rejected" => TaskGrainState.Rejected,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown task grain state."),
    };

    /// <summary>True when the grain waits for nothing from Bptl (only a new engine delivery can wake it).</summary>
    public static bool IsSettled(TaskGrainState state) =>
        state is not (TaskGrainState.Available or TaskGrainState.Running or TaskGrainState.Reporting);
}
