using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Variables;

namespace Bptl.TestSilo.WorkUnits;

/// <summary><c>test.noop</c>: completes at once.</summary>
internal sealed class NoopWorkUnit : IWorkUnit
{
    public Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken) =>
        Task.FromResult<WorkUnitResult>(WorkUnitResult.Complete(new VariableMap { [context.Topic + "Done"] = true }));
}
