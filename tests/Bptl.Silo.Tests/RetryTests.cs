using System.Collections.Concurrent;
using Bptl.Camunda.Incidents;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Bptl.Variables;

namespace Bptl.Silo.Tests;

public sealed class RetryTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FailingWorkUnit_WalksTheRetryPolicyWithBackoff_AndEndsInOneIncidentWithFullDetails()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var runs = new ConcurrentQueue<(DateTimeOffset At, int Attempt, string Key, int? RetriesLeft)>();
        scenario.Topic("flaky", "always-fails", ("Retries", "2"), ("RetryInitialDelay", "00:00:00.400"), ("RetryFactor", "2"));
        scenario.Scripts.Add("always-fails", ctx =>
        {
            runs.Enqueue((DateTimeOffset.UtcNow, ctx.Attempt, ctx.IdempotencyKey, ctx.RetriesLeft));
            throw new InvalidDataException("The ledger refused entry " + ctx.Attempt);
        });
        await scenario.DeployAsync("flaky", Bpmn.OneTask("flaky", "flaky"));
        await scenario.StartSiloAsync("s1");
        var instance = await scenario.StartInstanceAsync("flaky");

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("incident") == 1, TimeSpan.FromSeconds(30),
            "the task ends in an incident", scenario.Dump);

        var tries = runs.ToArray();
        tries.Length.ShouldBe(3);
        tries.Select(r => r.Attempt).ShouldBe([1, 2, 3]);
        tries.Select(r => r.Key).Distinct().Count().ShouldBe(3);
        tries.Select(r => r.RetriesLeft).ShouldBe([null, 2, 1]);
        // Retry timeouts of 400 ms and 800 ms, each within ±10 % jitter.
        (tries[1].At - tries[0].At).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(350));
        (tries[2].At - tries[1].At).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(700));

        var incident = (await scenario.Client.Incidents.ListAsync(new IncidentQuery { ProcessInstanceId = instance.Id }, Ct)).ShouldHaveSingleItem();
        incident.IncidentType.ShouldBe("failedExternalTask");
        incident.IncidentMessage.ShouldBe("InvalidDataException: The ledger refused entry 3");
        var details = await scenario.Client.ExternalTasks.GetErrorDetailsAsync(incident.Configuration!, Ct);
        details.ShouldNotBeNull();
        details.ShouldContain("System.IO.InvalidDataException: The ledger refused entry 3");
        details.ShouldContain("   at ");
    }

    [Fact]
    public async Task NonRetryableError_GoesStraightToAnIncident()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var runs = 0;
        scenario.Topic("strict", "bad-input", ("Retries", "5"), ("NonRetryable:0", "ArgumentException"));
        scenario.Topic("declared", "declines", ("Retries", "5"));
        scenario.Scripts.Add("bad-input", _ =>
        {
            Interlocked.Increment(ref runs);
            throw new ArgumentException("amount must be positive");
        });
        scenario.Scripts.Add("declines", _ =>
        {
            Interlocked.Increment(ref runs);
            return WorkUnitResult.Failure("the customer is blocked", retryable: false);
        });
        await scenario.DeployAsync("strict", Bpmn.OneTask("strict", "strict"));
        await scenario.DeployAsync("declared", Bpmn.OneTask("declared", "declared"));
        await scenario.StartSiloAsync("s1");
        await scenario.StartInstanceAsync("strict");
        await scenario.StartInstanceAsync("declared");

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("incident") == 2, TimeSpan.FromSeconds(30),
            "both tasks end in incidents", scenario.Dump);

        runs.ShouldBe(2);
        var messages = (await scenario.Client.Incidents.ListAsync(new IncidentQuery { IncidentType = "failedExternalTask" }, Ct)).Select(i => i.IncidentMessage);
        messages.ShouldBe(["ArgumentException: amount must be positive", "the customer is blocked"], ignoreOrder: true);
    }

    [Fact]
    public async Task MissingVariable_IsAClearFailureThatRetryingCannotFix()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("needs-amount", "reads-amount", ("Retries", "5"));
        scenario.Scripts.Add("reads-amount", ctx => WorkUnitResult.Complete(new VariableMap { ["double"] = ctx.Variables.Get<int>("amount") * 2 }));
        await scenario.DeployAsync("needs-amount", Bpmn.OneTask("needs-amount", "needs-amount"));
        await scenario.StartSiloAsync("s1");
        var instance = await scenario.StartInstanceAsync("needs-amount", new VariableMap { ["amount"] = "twelve" });

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("incident") == 1, TimeSpan.FromSeconds(30),
            "the task ends in an incident", scenario.Dump);

        var incident = (await scenario.Client.Incidents.ListAsync(new IncidentQuery { ProcessInstanceId = instance.Id }, Ct)).ShouldHaveSingleItem();
        incident.IncidentMessage.ShouldBe("The variable 'amount' cannot be read as Int32: A String variable cannot be read as Int32.");
    }

    [Fact]
    public async Task BpmnError_FollowsTheBoundaryEvent()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("check", "checker");
        scenario.Topic("check-handled", "handler");
        scenario.Scripts.Add("checker", ctx => WorkUnitResult.BpmnError("REJECTED", "no stock", new VariableMap { ["reason"] = "stock" }));
        scenario.Scripts.Add("handler", ctx => WorkUnitResult.Complete(new VariableMap { ["handled"] = ctx.Variables.Get<string>("reason") }));
        await scenario.DeployAsync("check", Bpmn.WithErrorBoundary("check", "check", "REJECTED", "check-handled"));
        await scenario.StartSiloAsync("s1");
        var instance = await scenario.StartInstanceAsync("check");

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1 && await scenario.CountTasksAsync("bpmn_error") == 1,
            TimeSpan.FromSeconds(30), "the error path ran", scenario.Dump);

        var history = await scenario.Client.History.GetProcessInstanceAsync(instance.Id, Ct);
        history.State.ShouldBe("COMPLETED");
    }
}
