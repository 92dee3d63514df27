namespace Bptl.Grains.Interfaces.WorkUnits;

/// <summary>
/// A work unit's durable progress on its task grain: a small state saved as JSON, kept across retries, lost locks
/// and silo crashes, so that a multi-step work unit resumes after the last step it saved. One checkpoint per task.
/// </summary>
public interface IWorkUnitCheckpoint
{
    /// <summary>The saved state, or the default of <typeparamref name="T"/> when nothing was saved yet.</summary>
    Task<T?> LoadAsync<T>(CancellationToken cancellationToken);

    /// <summary>
    /// Saves <paramref name="state"/> durably before returning (serialized with System.Text.Json; at most
    /// <see cref="MaxBytes"/> bytes). Throws when this run no longer owns the task: its result would be discarded anyway.
    /// </summary>
    Task SaveAsync<T>(T state, CancellationToken cancellationToken);

    /// <summary>Removes the saved state.</summary>
    Task ClearAsync(CancellationToken cancellationToken);

    /// <summary>The largest serialized state accepted: 256 KiB.</summary>
    public const int MaxBytes = 256 * 1024;
}
