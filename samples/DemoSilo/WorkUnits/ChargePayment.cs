using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Variables;

namespace Bptl.Demo.Silo.WorkUnits;

/// <summary>
/// Charges an order through a payment gateway that fails now and then. Every fourth order (1, 5, 9, ...) meets a
/// timeout on its first try, and the topic's retry policy runs it again. Every twentieth (9, 29, 49, ...) never gets
/// through: its retries run out and an incident opens in the engine.
/// </summary>
internal sealed class ChargePayment : IWorkUnit
{
    public const string Name = "charge-payment";

    public async Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var order = DemoOrder.From(context.Variables);
        await Task.Delay(TimeSpan.FromMilliseconds(50 + (order.Number % 5 * 40)), cancellationToken);
        if (order.Number % 20 == 9)
        {
            return WorkUnitResult.Failure("Payment gateway unreachable.",
                $"Order {order.Number}, try {context.Attempt}: connection refused by the demo payment gateway.");
        }

        if (order.Number % 4 == 1 && context.Attempt == 1)
        {
            return WorkUnitResult.Failure("Payment gateway timed out.", $"Order {order.Number}: no answer within 30 s; the next try will do.");
        }

        return WorkUnitResult.Complete(new VariableMap { ["paymentId"] = $"pay-{order.Number}" });
    }
}
