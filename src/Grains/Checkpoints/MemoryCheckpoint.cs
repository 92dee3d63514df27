using Bptl.Grains.Interfaces.WorkUnits;

namespace Bptl.Grains.Checkpoints;

/// <summary>A checkpoint kept in memory only: for runs that have no task grain (direct executions, cron ticks, tests).</summary>
public sealed class MemoryCheckpoint : IWorkUnitCheckpoint
{
    /// <summary>The saved state as JSON, or null.</summary>
    public string? Json { get; private set; }

    /// <inheritdoc />
    public Task<T?> LoadAsync<T>(CancellationToken cancellationToken) => Task.FromResult(CheckpointJson.Deserialize<T>(Json));

    /// <inheritdoc />
    public Task SaveAsync<T>(T state, CancellationToken cancellationToken)
    {
        Json = CheckpointJson.Serialize(state);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearAsync(CancellationToken cancellationToken)
    {
        Json = null;
        return Task.CompletedTask;
    }
}
