using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Variables;

namespace Bptl.Demo.Silo.WorkUnits;

/// <summary>
/// Checks an order. Every eighth order (numbers 5, 13, 21, ...) has no delivery address: the unit raises the BPMN
/// error <see cref="ErrorCode"/>, which the process's error boundary event catches.
/// </summary>
internal sealed class ValidateOrder : IWorkUnit
{
    public const string Name = "validate-order";
    public const string ErrorCode = "ORDER_INVALID";

    public Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var order = DemoOrder.From(context.Variables);
        WorkUnitResult result = order.Number % 8 == 5
            ? WorkUnitResult.BpmnError(ErrorCode, $"Order {order.Number} has no delivery address.",
                new VariableMap { ["rejectReason"] = "no delivery address" })
            : WorkUnitResult.Complete(new VariableMap { ["validated"] = true });
        return Task.FromResult(result);
    }
}
