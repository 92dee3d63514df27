using System.Globalization;
using Bptl.Camunda;
using Bptl.Camunda.Errors;
using Bptl.Camunda.ProcessDefinitions;
using Bptl.Variables;
using Microsoft.Extensions.Logging;

namespace Bptl.Demo.Engine;

/// <summary>
/// Starts demo orders at a steady rate. An order's number decides its path (see the demo silo's work units), so every
/// path shows up within the first orders: 1 is retried, 2 is packed, 5 is rejected, 9 becomes an incident.
/// </summary>
internal sealed partial class InstanceStarter(CamundaClient client, double perSecond, ILogger<InstanceStarter> logger)
{
    private int _started;

    public int Started => Volatile.Read(ref _started);

    public static VariableMap Order(int number) => new()
    {
        ["orderNo"] = number,
        ["amount"] = Amount(number),
        ["customer"] = "customer-" + ((number % 17) + 1).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Between 50 and 999, spread so that about half the orders are large (500 and up) and get packed.</summary>
    public static int Amount(int number) => 50 + (number * 379 % 950);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / perSecond));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var number = Started + 1;
                try
                {
                    await client.ProcessDefinitions.StartByKeyAsync(DemoProcessModel.Key, new StartProcessInstance
                    {
                        BusinessKey = "order-" + number.ToString(CultureInfo.InvariantCulture),
                        Variables = Order(number),
                    }, tenantId: null, cancellationToken);
                    Interlocked.Increment(ref _started);
                }
                catch (CamundaException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogStartFailed(logger, number, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Could not start order {Number}: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, int number, string reason);
}
