using System.Collections.Concurrent;
using System.Globalization;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Testing.Cluster;
using Bptl.Variables;

namespace Bptl.Cluster.Tests.Infrastructure;

/// <summary>The work units of the test silo program (tests/Bptl.TestSilo), and their twins for in-process silos.</summary>
public static class TestWorkUnits
{
    /// <summary>Completes at once.</summary>
    public const string Noop = "test.noop";

    /// <summary>Waits 200 to 500 ms (honouring cancellation), then completes.</summary>
    public const string Slow = "test.slow";

    /// <summary>Waits until cancelled: never finishes by itself.</summary>
    public const string Block = "test.block";

    /// <summary>
    /// Adds an in-process <see cref="Slow"/> like the test silo's, counting its runs per task id in
    /// <paramref name="runs"/> (a run the silo cancelled counts too).
    /// </summary>
    public static WorkUnitScripts AddSlow(this WorkUnitScripts scripts, ConcurrentDictionary<string, int> runs) =>
        scripts.Add(Slow, async (context, cancellationToken) =>
        {
            runs.AddOrUpdate(context.TaskId, 1, (_, n) => n + 1);
            await Task.Delay(TimeSpan.FromMilliseconds(200 + Random.Shared.Next(300)), cancellationToken);
            return WorkUnitResult.Complete(new VariableMap { [context.Topic + "Done"] = true });
        });

    /// <summary>A timing of the scenario, as configured (<c>Bptl:Silo:LeaseDuration</c> and the like).</summary>
    public static TimeSpan Timing(this Scenario scenario, string key) =>
        TimeSpan.Parse(scenario.Configuration[key]!, CultureInfo.InvariantCulture);
}
