using Bptl.BuiltIns.Hosting;
using Bptl.BuiltIns.StartProcess;
using Bptl.Camunda.Deployments;
using Bptl.Camunda.ProcessInstances;
using Bptl.Grains.Checkpoints;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Testing;
using Bptl.Variables;
using Bptl.WorkUnitTesting;

namespace Bptl.BuiltIns.Tests;

public sealed class StartProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartsTheLatestVersion_WithTheCallersBusinessKey_AndRenamedVariables()
    {
        await using var host = await WorkUnitTestHost.StartAsync(s => s.AddBptlBuiltInWorkUnits(), Ct);
        await DeployChildAsync(host, "v1");
        await DeployChildAsync(host, "v2");

        var run = await host.RunAsync(StartProcessWorkUnit.Name, new VariableMap
        {
            ["processDefinitionKey"] = "child",
            ["variableMapping"] = VariableValue.Json("""{"orderId": "parentOrder", "amount": "amount"}"""),
            ["orderId"] = "A-17",
            ["amount"] = 12,
            ["secret"] = "not for the child",
        }, businessKey: "order-17", cancellationToken: Ct);

        var childId = run.ProcessVariables.Get<string>("startedProcessInstanceId");
        var child = await host.Engine.ProcessInstances.GetAsync(childId, Ct);
        child.BusinessKey.ShouldBe("order-17");
        var definition = (await host.Engine.ProcessDefinitions.ListAsync(new() { Key = "child", LatestVersion = true }, Ct)).ShouldHaveSingleItem();
        child.DefinitionId.ShouldBe(definition.Id);
        var variables = await host.Engine.ProcessInstances.GetVariablesAsync(childId, cancellationToken: Ct);
        variables.Keys.Order().ShouldBe(["amount", "parentOrder"]);
        variables.Get<string>("parentOrder").ShouldBe("A-17");
        run.Checkpoint.ShouldBe($"\"{childId}\"");
    }

    [Fact]
    public async Task StartsAChosenVersion_CopyingAllButItsOwnInputs()
    {
        await using var host = await WorkUnitTestHost.StartAsync(s => s.AddBptlBuiltInWorkUnits(), Ct);
        await DeployChildAsync(host, "v1");
        await DeployChildAsync(host, "v2");

        var run = await host.RunAsync(StartProcessWorkUnit.Name, new VariableMap
        {
            ["processDefinitionKey"] = "child",
            ["processDefinitionVersion"] = 1,
            ["businessKey"] = "explicit",
            ["customer"] = "C-9",
        }, businessKey: "parent", cancellationToken: Ct);

        var child = await host.Engine.ProcessInstances.GetAsync(run.Outputs.Get<string>("startedProcessInstanceId"), Ct);
        child.BusinessKey.ShouldBe("explicit");
        var v1 = (await host.Engine.ProcessDefinitions.ListAsync(new() { Key = "child", Version = 1 }, Ct)).ShouldHaveSingleItem();
        child.DefinitionId.ShouldBe(v1.Id);
        var variables = await host.Engine.ProcessInstances.GetVariablesAsync(child.Id, cancellationToken: Ct);
        variables.Keys.ShouldBe(["customer"]);
    }

    [Fact]
    public async Task ARerunWithItsCheckpoint_DoesNotStartASecondInstance()
    {
        await using var host = await WorkUnitTestHost.StartAsync(s => s.AddBptlBuiltInWorkUnits(), Ct);
        await DeployChildAsync(host, "v1");
        var checkpoint = new MemoryCheckpoint();
        var first = await host.RunAsync(StartProcessWorkUnit.Name, new VariableMap { ["processDefinitionKey"] = "child" }, checkpoint: checkpoint, cancellationToken: Ct);
        var again = await host.RunAsync(StartProcessWorkUnit.Name, new VariableMap { ["processDefinitionKey"] = "child" }, checkpoint: checkpoint, cancellationToken: Ct);

        again.Outputs.Get<string>("startedProcessInstanceId").ShouldBe(first.Outputs.Get<string>("startedProcessInstanceId"));
        (await host.Engine.ProcessInstances.ListAsync(new ProcessInstanceQuery { ProcessDefinitionKey = "child" }, cancellationToken: Ct)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(null, "\"some\"", "variableMapping must be")]
    [InlineData(null, "[\"missing\"]", "names 'missing', which the calling process does not have")]
    [InlineData(7, null, "no version 7 of process 'child'")]
    public async Task BadInput_IsAnIncidentWithAClearMessage(int? version, string? mapping, string message)
    {
        await using var host = await WorkUnitTestHost.StartAsync(s => s.AddBptlBuiltInWorkUnits(), Ct);
        await DeployChildAsync(host, "v1");
        var variables = new VariableMap { ["processDefinitionKey"] = "child" };
        if (version is { } v)
        {
            variables["processDefinitionVersion"] = v;
        }

        if (mapping is not null)
        {
            variables["variableMapping"] = mapping.StartsWith('"') ? VariableValue.String(mapping.Trim('"')) : VariableValue.Json(mapping);
        }

        var run = await host.RunAsync(StartProcessWorkUnit.Name, variables, cancellationToken: Ct);

        run.Result.ShouldBeOfType<FailureResult>().Retryable.ShouldBeFalse();
        run.IncidentMessage.ShouldNotBeNull().ShouldContain(message);
    }

    [Fact]
    public async Task AMissingKey_IsAContractViolation()
    {
        await using var host = await WorkUnitTestHost.StartAsync(s => s.AddBptlBuiltInWorkUnits(), Ct);
        var run = await host.RunAsync(StartProcessWorkUnit.Name, [], cancellationToken: Ct);
        run.IncidentMessage.ShouldNotBeNull().ShouldContain("the required input 'processDefinitionKey' (String) is missing");
    }

    private static Task<Deployment> DeployChildAsync(WorkUnitTestHost host, string tag) =>
        host.Engine.Deployments.CreateAsync(new CreateDeployment
        {
            Name = "child-" + tag,
            Resources = [DeploymentResource.FromText("child.bpmn", Bpmn.OneTask("child", "child-work", versionTag: tag))],
        }, Ct);
}
