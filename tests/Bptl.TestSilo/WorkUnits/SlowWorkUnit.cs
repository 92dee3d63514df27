using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Variables;
using Microsoft.Extensions.Options;

namespace Bptl.TestSilo.WorkUnits;

/// <summary>
/// <c>test.slow</c>: waits <c>delayMs</c> (a task variable) or a random time between the configured bounds, then
/// completes. Cancellation (a lost lock, a stopping silo) ends the wait at once.
/// </summary>
internal sealed class SlowWorkUnit(IOptions<TestSiloOptions> options) : IWorkUnit
{
    public async Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(Delay(context.Variables, options.Value), cancellationToken).ConfigureAwait(false);
        return WorkUnitResult.Complete(new VariableMap { [context.Topic + "Done"] = true });
    }

    internal static TimeSpan Delay(VariableMap variables, TestSiloOptions options)
    {
        if (variables.TryGet<long>("delayMs", out var delay))
        {
            return TimeSpan.FromMilliseconds(delay);
        }

        var min = options.SlowMin.Ticks;
        var max = Math.Max(min, options.SlowMax.Ticks);
        return TimeSpan.FromTicks(min + (long)(Random.Shared.NextDouble() * (max - min)));
    }
}
