using System.Collections.Concurrent;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Bptl.Sandbox.Faults;
using Bptl.Testing.Cluster;
using Bptl.Testing;
using Bptl.Variables;

namespace Bptl.Silo.Tests;

public sealed class ThroughputTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThousandInstancesOfAThreeTaskProcess_CompleteOnTwoSilos_EachTaskExactlyOnce()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var runs = new ConcurrentDictionary<string, int>();
        var bySilo = new ConcurrentDictionary<string, int>();
        foreach (var topic in new[] { "reserve", "charge", "ship" })
        {
            scenario.Topic(topic, topic);
            scenario.Scripts.Add(topic, ctx =>
            {
                runs.AddOrUpdate(ctx.TaskId, 1, (_, n) => n + 1);
                bySilo.AddOrUpdate(ctx.ServiceProvider.GetRequiredService<ISiloIdentity>().Name, 1, (_, n) => n + 1);
                return WorkUnitResult.Complete(new VariableMap { [ctx.Topic + "Done"] = true });
            });
        }

        await scenario.DeployAsync("order", Bpmn.Chain("order", "reserve", "charge", "ship"));
        await scenario.StartSiloAsync("a");
        await scenario.StartSiloAsync("b");

        for (var i = 0; i < 1000; i++)
        {
            await scenario.StartInstanceAsync("order", new VariableMap { ["n"] = i });
        }

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 3000, TimeSpan.FromMinutes(3),
            "3000 task grains completed", scenario.Dump);
        var finished = await scenario.Client.History.ListProcessInstancesAsync(new() { ProcessDefinitionKey = "order", Finished = true }, cancellationToken: Ct);
        finished.Count.ShouldBe(1000);
        finished.ShouldAllBe(p => p.State == "COMPLETED");
        scenario.Engine.Calls[SandboxEndpoint.Complete].ShouldBe(3000);
        runs.Count.ShouldBe(3000);
        runs.Values.ShouldAllBe(n => n == 1);
        (await scenario.CountTasksAsync()).ShouldBe(3000);
        bySilo.Keys.ShouldBe(["a", "b"], ignoreOrder: true);
        bySilo.Values.ShouldAllBe(n => n > 300, $"work spreads over both silos: {string.Join(", ", bySilo)}");
    }
}
