using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Variables;

namespace Bptl.Demo.Silo.WorkUnits;

/// <summary>Tells the customer how the order ended (shipped or rejected).</summary>
internal sealed class SendNotification : IWorkUnit
{
    public const string Name = "send-notification";

    public async Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        return WorkUnitResult.Complete(localVariables: new VariableMap { ["notifiedAt"] = DateTimeOffset.UtcNow });
    }
}
