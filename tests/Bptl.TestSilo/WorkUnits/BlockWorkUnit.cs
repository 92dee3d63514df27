using Bptl.Grains.Interfaces.WorkUnits;

namespace Bptl.TestSilo.WorkUnits;

/// <summary><c>test.block</c>: never finishes by itself; it waits until cancelled (a lost lock, a stopping silo).</summary>
internal sealed class BlockWorkUnit : IWorkUnit
{
    public async Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        throw new OperationCanceledException(cancellationToken);
    }
}
