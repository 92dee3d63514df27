using System.Text.Json;
using Bptl.BuiltIns.Hosting;
using Bptl.BuiltIns.Messages;
using Bptl.Camunda.Deployments;
using Bptl.Camunda.ExternalTasks;
using Bptl.Camunda.ProcessDefinitions;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Testing;
using Bptl.Variables;
using Bptl.WorkUnitTesting;

namespace Bptl.BuiltIns.Tests;

public sealed class CorrelateMessageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReachesTheWaitingProcessByBusinessKey_WithTheMappedVariables()
    {
        await using var host = await WorkUnitTestHost.StartAsync(s => s.AddBptlBuiltInWorkUnits(), Ct);
        await DeployReceiverAsync(host);
        var waiting = await StartReceiverAsync(host, "order-1");
        await StartReceiverAsync(host, "order-2");

        var run = await host.RunAsync(CorrelateMessageWorkUnit.Name, new VariableMap
        {
            ["messageName"] = "payment-received",
            ["businessKey"] = "order-1",
            ["variableMapping"] = VariableValue.Json("""{"paid": "amountPaid"}"""),
            ["paid"] = 125,
        }, cancellationToken: Ct);

        run.ProcessVariables.Get<JsonElement>("correlatedProcessInstanceIds").EnumerateArray().Select(e => e.GetString()).ShouldBe([waiting.Id]);
        var next = await FetchAfterAsync(host);
        next.ProcessInstanceId.ShouldBe(waiting.Id);
        next.Variables!.Get<int>("amountPaid").ShouldBe(125);
    }

    [Fact]
    public async Task WithAll_ReachesEveryMatch_AndCorrelationKeysNarrowIt()
    {
        await using var host = await WorkUnitTestHost.StartAsync(s => s.AddBptlBuiltInWorkUnits(), Ct);
        await DeployReceiverAsync(host);
        var a = await StartReceiverAsync(host, "batch", new VariableMap { ["region"] = "north" });
        var b = await StartReceiverAsync(host, "batch", new VariableMap { ["region"] = "north" });
        await StartReceiverAsync(host, "batch", new VariableMap { ["region"] = "south" });

        var run = await host.RunAsync(CorrelateMessageWorkUnit.Name, new VariableMap
        {
            ["messageName"] = "payment-received",
            ["all"] = true,
            // A Null optional input counts as not set: its default ("none") applies.
            ["variableMapping"] = VariableValue.Null(),
            ["correlationKeys"] = VariableValue.Json("""{"region": "north"}"""),
        }, cancellationToken: Ct);

        run.Outputs.Get<JsonElement>("correlatedProcessInstanceIds").EnumerateArray().Select(e => e.GetString()).ShouldBe([a.Id, b.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task WhenNothingWaitsYet_TheTaskFailsWithRetries()
    {
        await using var host = await WorkUnitTestHost.StartAsync(s => s.AddBptlBuiltInWorkUnits(), Ct);
        await DeployReceiverAsync(host);

        var run = await host.RunAsync(CorrelateMessageWorkUnit.Name, new VariableMap { ["messageName"] = "payment-received", ["businessKey"] = "nobody" },
            cancellationToken: Ct);

        run.Result.ShouldBeOfType<FailureResult>().Retryable.ShouldBeTrue();
        run.IncidentMessage.ShouldNotBeNull().ShouldContain("No process waits for message 'payment-received'");
    }

    [Fact]
    public async Task SeveralMatchesWithoutAll_FailWithoutRetries_AndReachNobody()
    {
        await using var host = await WorkUnitTestHost.StartAsync(s => s.AddBptlBuiltInWorkUnits(), Ct);
        await DeployReceiverAsync(host);
        await StartReceiverAsync(host, "twin");
        await StartReceiverAsync(host, "twin");

        var run = await host.RunAsync(CorrelateMessageWorkUnit.Name, new VariableMap { ["messageName"] = "payment-received", ["businessKey"] = "twin" },
            cancellationToken: Ct);

        run.Result.ShouldBeOfType<FailureResult>().Retryable.ShouldBeFalse();
        run.IncidentMessage.ShouldNotBeNull().ShouldContain("matches more than one process");
        (await host.Engine.ExternalTasks.CountAsync(new ExternalTaskQuery { TopicName = "after-payment" }, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task BadCorrelationKeys_AreAFailureWithoutRetries()
    {
        await using var host = await WorkUnitTestHost.StartAsync(s => s.AddBptlBuiltInWorkUnits(), Ct);
        var run = await host.RunAsync(CorrelateMessageWorkUnit.Name, new VariableMap
        {
            ["messageName"] = "payment-received",
            ["correlationKeys"] = VariableValue.Json("""["not", "an", "object"]"""),
        }, cancellationToken: Ct);
        run.IncidentMessage.ShouldNotBeNull().ShouldContain("correlationKeys must be a JSON object");
    }

    private static Task<Deployment> DeployReceiverAsync(WorkUnitTestHost host) =>
        host.Engine.Deployments.CreateAsync(new CreateDeployment
        {
            Name = "receiver",
            Resources = [DeploymentResource.FromText("receiver.bpmn", Bpmn.WithReceiveTask("receiver", "payment-received", "after-payment"))],
        }, Ct);

    private static Task<ProcessInstance> StartReceiverAsync(WorkUnitTestHost host, string businessKey, VariableMap? variables = null) =>
        host.Engine.ProcessDefinitions.StartByKeyAsync("receiver", new StartProcessInstance { BusinessKey = businessKey, Variables = variables }, null, Ct);

    private static async Task<LockedExternalTask> FetchAfterAsync(WorkUnitTestHost host) =>
        (await host.Engine.ExternalTasks.FetchAndLockAsync(new FetchAndLockRequest
        {
            WorkerId = "probe",
            MaxTasks = 1,
            Topics = [new FetchTopic { TopicName = "after-payment", LockDuration = TimeSpan.FromMinutes(1) }],
        }, Ct)).ShouldHaveSingleItem();
}
