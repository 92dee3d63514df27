using Bptl.Sandbox.Contracts;
using Bptl.Sandbox.Engine;

namespace Bptl.Sandbox.LongPolling;

/// <summary>How a fetchAndLock request ends: tasks (possibly none), an error, or a dropped connection.</summary>
internal sealed class FetchOutcome
{
    public static readonly FetchOutcome Abort = new(null, null, abort: true);

    private FetchOutcome(List<LockedExternalTaskDto>? tasks, EngineError? error, bool abort)
    {
        Tasks = tasks;
        Error = error;
        IsAbort = abort;
    }

    public List<LockedExternalTaskDto>? Tasks { get; }

    public EngineError? Error { get; }

    public bool IsAbort { get; }

    public static FetchOutcome Of(List<LockedExternalTaskDto> tasks) => new(tasks, null, abort: false);

    public static FetchOutcome Failed(EngineError error) => new(null, error, abort: false);
}

/// <summary>A long poll waiting for tasks. Its fields are read and changed under the engine lock.</summary>
internal sealed class PendingFetch
{
    private readonly TaskCompletionSource<FetchOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingFetch(FetchCommand command, DateTimeOffset deadline)
    {
        Command = command;
        Deadline = deadline;
    }

    public FetchCommand Command { get; }

    public DateTimeOffset Deadline { get; }

    public LinkedListNode<PendingFetch>? Node { get; set; }

    public Task<FetchOutcome> Outcome => _completion.Task;

    public bool IsDone => _completion.Task.IsCompleted;

    public void Complete(FetchOutcome outcome) => _completion.TrySetResult(outcome);

    public void Cancel() => _completion.TrySetCanceled();
}
