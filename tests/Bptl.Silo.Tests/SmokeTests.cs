using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Testing.Cluster;
using Bptl.Testing;
using Bptl.Variables;

namespace Bptl.Silo.Tests;

public sealed class SmokeTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneSilo_CompletesEveryTask()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("smoke", "noop");
        scenario.Scripts.Add("noop", ctx => WorkUnitResult.Complete(new VariableMap { ["seen"] = ctx.Variables.Get<int>("n") }));
        await scenario.DeployAsync("smoke", Bpmn.OneTask("smoke", "smoke"));
        await scenario.StartSiloAsync("s1");

        for (var i = 0; i < 20; i++)
        {
            await scenario.StartInstanceAsync("smoke", new VariableMap { ["n"] = i });
        }

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 20, TimeSpan.FromSeconds(30),
            "20 tasks completed", scenario.Dump);
        var finished = await scenario.Client.History.ListProcessInstancesAsync(new() { ProcessDefinitionKey = "smoke", Finished = true }, cancellationToken: Ct);
        finished.Count.ShouldBe(20);
    }
}
