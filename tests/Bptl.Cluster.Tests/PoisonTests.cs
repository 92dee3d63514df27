using Bptl.Camunda.Incidents;
using Bptl.Cluster.Tests.Infrastructure;
using Bptl.Testing;
using Bptl.Testing.Cluster;

namespace Bptl.Cluster.Tests;

/// <summary>A task that takes down every silo that runs it is poisoned: an incident, not an endless loop.</summary>
public sealed class PoisonTests(PostgresFixture postgres)
{
    // One task: the silos can afford to say everything.
    private static readonly (string, string) Debug = ("Logging:LogLevel:Bptl", "Debug");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Diagnose(ClusterState state, long task, ProcessSilos processes) =>
        $"task {task}: {state.TaskAsync(task).GetAwaiter().GetResult()}, timeline {string.Join(", ", state.TimelineAsync(task).GetAwaiter().GetResult())}\n{processes.Dump()}";

    [Fact]
    public async Task TaskWhoseSilosDie_RescuedUpToMaxRescues_ThenPoisonedAsAnIncident()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Configuration["Bptl:Silo:MaxRescues"] = "1";
        scenario.Topic("poison", TestWorkUnits.Block);
        await scenario.DeployAsync("poison", Bpmn.OneTask("poison", "poison"));
        var state = new ClusterState(scenario.Database);
        await using var processes = new ProcessSilos(scenario);
        var silos = await Task.WhenAll(processes.StartAsync("p1", Debug), processes.StartAsync("p2", Debug));
        // A silo without the work unit: it cannot run the task, but it survives to lead the maintenance and to send the
        // reports of the dead.
        await scenario.StartSiloAsync("survivor");

        var instance = await scenario.StartInstanceAsync("poison");
        var task = 0L;
        await Eventually.TrueAsync(async () =>
        {
            foreach (var silo in silos)
            {
                if (await state.OwnedTasksAsync(silo.SiloId, "running") is [var id])
                {
                    task = id;
                    return true;
                }
            }

            return false;
        }, TimeSpan.FromSeconds(20), "a silo process runs the task", processes.Dump);

        // First crash: the task is rescued and runs again on the other silo (once that silo's long poll, which holds
        // its free slots, has returned: at most the poll timeout).
        var owner = (await state.TaskAsync(task)).Owner;
        var first = silos.Single(s => s.SiloId == owner);
        var second = silos.Single(s => s != first);
        first.Kill();
        await Eventually.TrueAsync(async () => (await state.TaskAsync(task)) is { State: "running" } t && t.Owner == second.SiloId,
            TimeSpan.FromSeconds(20), $"the task is rescued from {first.Name} and runs on {second.Name}", () => Diagnose(state, task, processes));
        (await state.TaskAsync(task)).Rescues.ShouldBe(1);
        (await state.WithEventAsync([task], "rescued")).ShouldBe([task]);

        // Second crash: one rescue too many.
        second.Kill();
        await Eventually.TrueAsync(async () => (await state.TaskAsync(task)).State == "incident",
            TimeSpan.FromSeconds(20), "the poisoned task is reported as an incident",
            () => Diagnose(state, task, processes));

        var grain = await state.TaskAsync(task);
        grain.PoisonedAt.ShouldNotBeNull();
        grain.Rescues.ShouldBe(2);
        grain.Owner.ShouldBeNull();
        (await state.WithEventAsync([task], "poisoned")).ShouldBe([task]);
        var incidents = await scenario.Client.Incidents.ListAsync(new IncidentQuery { ProcessInstanceId = instance.Id }, Ct);
        var incident = incidents.ShouldHaveSingleItem();
        incident.IncidentType.ShouldBe("failedExternalTask");
        incident.IncidentMessage.ShouldNotBeNull().ShouldStartWith("Bptl gave up on this task");
        (await scenario.CountTasksAsync()).ShouldBe(1);
    }
}
