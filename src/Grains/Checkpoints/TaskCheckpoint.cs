using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Persistence;

namespace Bptl.Grains.Checkpoints;

/// <summary>
/// A task grain's checkpoint: loaded with the grain's row, saved to it (fenced) before <see cref="SaveAsync{T}"/>
/// returns. A save from an activation that was superseded throws: that run's result would be discarded anyway.
/// </summary>
internal sealed class TaskCheckpoint(ITaskStore store, TaskFence fence, string? saved) : IWorkUnitCheckpoint
{
    private string? _json = saved;

    public Task<T?> LoadAsync<T>(CancellationToken cancellationToken) => Task.FromResult(CheckpointJson.Deserialize<T>(_json));

    public async Task SaveAsync<T>(T state, CancellationToken cancellationToken)
    {
        var json = CheckpointJson.Serialize(state);
        await WriteAsync(json, cancellationToken).ConfigureAwait(false);
    }

    public Task ClearAsync(CancellationToken cancellationToken) => WriteAsync(null, cancellationToken);

    private async Task WriteAsync(string? json, CancellationToken cancellationToken)
    {
        if (!await store.SaveCheckpointAsync(fence, json, cancellationToken).ConfigureAwait(false))
        {
            throw new OperationCanceledException("This run no longer owns its task (a newer activation took over); the checkpoint was not saved.");
        }

        _json = json;
    }
}
