using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Variables;

namespace Bptl.Demo.Silo.WorkUnits;

/// <summary>
/// Packs a large order: it takes 3 to 6 seconds, longer than half the topic's lock, so the silo extends the engine
/// lock while it runs. If the lock is lost or the silo stops, the token fires and the run is abandoned.
/// </summary>
internal sealed class PackParcel : IWorkUnit
{
    public const string Name = "pack-parcel";

    public async Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var order = DemoOrder.From(context.Variables);
        await Task.Delay(TimeSpan.FromSeconds(3 + (order.Number % 4)), cancellationToken);
        return WorkUnitResult.Complete(new VariableMap { ["parcelId"] = $"parcel-{order.Number}" });
    }
}
