using System.Collections.Concurrent;
using Bptl.Camunda.Incidents;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Bptl.Variables;
using Microsoft.Extensions.Logging;

namespace Bptl.Silo.Tests;

/// <summary>The SDK as a work unit sees it, through a real silo and the sandbox engine: contracts, outputs, files, checkpoints.</summary>
public sealed class WorkUnitSdkTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MissingOrMistypedInputs_AreAnIncidentNamingEachVariable_AndTheWorkUnitNeverRuns()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var runs = 0;
        scenario.Topic("charge", "charge", ("Retries", "5"));
        scenario.Scripts.Add("charge", _ =>
        {
            Interlocked.Increment(ref runs);
            return WorkUnitResult.Complete();
        }).Contract("charge", c => c.RequiredInput<string>("orderId").RequiredInput<int>("amount").OptionalInput<string>("currency", "EUR"));
        await scenario.DeployAsync("charge", Bpmn.OneTask("charge", "charge"));
        await scenario.StartSiloAsync("s1");
        var instance = await scenario.StartInstanceAsync("charge", new VariableMap { ["amount"] = "twelve" });

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("incident") == 1, TimeSpan.FromSeconds(30), "an incident", scenario.Dump);

        runs.ShouldBe(0);
        var incident = (await scenario.Client.Incidents.ListAsync(new IncidentQuery { ProcessInstanceId = instance.Id }, Ct)).ShouldHaveSingleItem();
        incident.IncidentMessage.ShouldNotBeNull();
        incident.IncidentMessage.ShouldContain("work unit 'charge'");
        incident.IncidentMessage.ShouldContain("the required input 'orderId' (String) is missing");
        incident.IncidentMessage.ShouldContain("the input 'amount' should be Integer but is String");
    }

    [Fact]
    public async Task ATopicWithAContractErrorCode_ThrowsViolationsAsABpmnErrorThatABoundaryCatches()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var handled = new TaskCompletionSource<VariableMap>(TaskCreationOptions.RunContinuationsAsynchronously);
        scenario.Topic("validate", "validate", ("ContractErrorCode", "INVALID_INPUT"));
        scenario.Topic("fix-it", "fix-it");
        scenario.Scripts.Add("validate", _ => WorkUnitResult.Complete()).Contract("validate", c => c.RequiredInput<string>("customerId"));
        scenario.Scripts.Add("fix-it", ctx =>
        {
            handled.TrySetResult(ctx.Variables);
            return WorkUnitResult.Complete();
        });
        await scenario.DeployAsync("validated", Bpmn.WithErrorBoundary("validated", "validate", "INVALID_INPUT", "fix-it"));
        await scenario.StartSiloAsync("s1");
        await scenario.StartInstanceAsync("validated");

        await handled.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("bpmn_error") == 1, TimeSpan.FromSeconds(10), "one BPMN error", scenario.Dump);
        (await scenario.CountTasksAsync("incident")).ShouldBe(0);
    }

    [Fact]
    public async Task DefaultsAreApplied_OutputsAreMerged_AndTheNextTaskSeesThem()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var seen = new TaskCompletionSource<(string Currency, int Count)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var next = new TaskCompletionSource<VariableMap>(TaskCreationOptions.RunContinuationsAsynchronously);
        scenario.Topic("quote", "quote");
        scenario.Topic("probe", "probe");
        scenario.Scripts.Add("quote", ctx =>
        {
            seen.TrySetResult((ctx.Get<string>("currency"), ctx.GetOrDefault("count", -1)));
            ctx.Output.Set("fromContext", "kept").Set("clash", "context");
            return WorkUnitResult.Complete(new VariableMap { ["price"] = 12.5, ["clash"] = "result" });
        }).Contract("quote", c => c
            .RequiredInput<string>("product")
            .OptionalInput<string>("currency", "EUR")
            .OptionalInput<int>("count")
            .Output<double>("price", required: true));
        scenario.Scripts.Add("probe", ctx =>
        {
            next.TrySetResult(ctx.Variables);
            return WorkUnitResult.Complete();
        });
        await scenario.DeployAsync("quoting", Bpmn.TwoTasks("quoting", "quote", "probe"));
        await scenario.StartSiloAsync("s1");
        await scenario.StartInstanceAsync("quoting", new VariableMap { ["product"] = "lamp" });

        (await seen.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct)).ShouldBe(("EUR", -1));
        var variables = await next.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        variables.Get<double>("price").ShouldBe(12.5);
        variables.Get<string>("fromContext").ShouldBe("kept");
        variables.Get<string>("clash").ShouldBe("result");
        // A default is what the run sees, not something written back to the process.
        variables.ContainsKey("currency").ShouldBeFalse();
    }

    [Fact]
    public async Task ACompletionWithoutARequiredOutput_IsAnIncident()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("label", "label");
        scenario.Scripts.Add("label", _ => WorkUnitResult.Complete(new VariableMap { ["labelId"] = 42 }))
            .Contract("label", c => c.Output<string>("labelUrl", required: true).Output<string>("labelId"));
        await scenario.DeployAsync("label", Bpmn.OneTask("label", "label"));
        await scenario.StartSiloAsync("s1");
        var instance = await scenario.StartInstanceAsync("label");

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("incident") == 1, TimeSpan.FromSeconds(30), "an incident", scenario.Dump);
        var incident = (await scenario.Client.Incidents.ListAsync(new IncidentQuery { ProcessInstanceId = instance.Id }, Ct)).ShouldHaveSingleItem();
        incident.IncidentMessage.ShouldNotBeNull();
        incident.IncidentMessage.ShouldContain("the required output 'labelUrl' (String) was not set");
        incident.IncidentMessage.ShouldContain("the output 'labelId' should be String but is Integer");
    }

    [Fact]
    public async Task AFileVariable_IsReadAsAStreamDownloadedFromTheEngine()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var read = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        scenario.Topic("scan", "scan");
        scenario.Scripts.Add("scan", async (ctx, ct) =>
        {
            await using var stream = await ctx.OpenFileAsync("invoice", ct);
            using var reader = new StreamReader(stream);
            read.TrySetResult(await reader.ReadToEndAsync(ct));
            return WorkUnitResult.Complete();
        }).Contract("scan", c => c.RequiredInput<Stream>("invoice"));
        await scenario.DeployAsync("scan", Bpmn.OneTask("scan", "scan"));
        await scenario.StartSiloAsync("s1");
        await scenario.StartInstanceAsync("scan", new VariableMap
        {
            ["invoice"] = VariableValue.File("invoice.txt", "total: 12.50 EUR"u8.ToArray(), "text/plain"),
        });

        (await read.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct)).ShouldBe("total: 12.50 EUR");
    }

    [Fact]
    public async Task ACheckpoint_SurvivesAFailureAndASiloStop_SoEachStepRunsOnce()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var steps = new ConcurrentQueue<string>();
        var stepTwoStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failedOnce = 0;
        scenario.Topic("ship", "ship", ("Retries", "3"), ("RetryInitialDelay", "00:00:00.100"));
        scenario.Scripts.Add("ship", async (ctx, ct) =>
        {
            var progress = await ctx.Checkpoint.LoadAsync<ShipProgress>(ct) ?? new ShipProgress(0, null);
            if (progress.Step < 1)
            {
                steps.Enqueue("reserve");
                progress = new ShipProgress(1, "R-" + ctx.TaskId[..4]);
                await ctx.Checkpoint.SaveAsync(progress, ct);
            }

            if (progress.Step < 2)
            {
                if (Interlocked.Exchange(ref failedOnce, 1) == 0)
                {
                    throw new HttpRequestException("the label printer is offline");
                }

                steps.Enqueue("label");
                progress = progress with { Step = 2 };
                await ctx.Checkpoint.SaveAsync(progress, ct);
                // Stop here until the silo stops: the next silo must resume after this step.
                stepTwoStarted.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }

            steps.Enqueue("dispatch");
            return WorkUnitResult.Complete(new VariableMap { ["reservation"] = progress.Reservation });
        });
        await scenario.DeployAsync("ship", Bpmn.OneTask("ship", "ship"));
        var first = await scenario.StartSiloAsync("s1", ("Bptl:Silo:ShutdownTimeout", "00:00:00.200"));
        await scenario.StartInstanceAsync("ship");

        await stepTwoStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await first.StopAsync(Ct);
        await scenario.StartSiloAsync("s2");

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(30), "the task completes", scenario.Dump);
        steps.ToArray().ShouldBe(["reserve", "label", "dispatch"]);
        (await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_task_event WHERE kind = 'checkpoint'")).ShouldBe(2);
    }

    [Fact]
    public async Task AnOversizedCheckpoint_FailsTheRunWithAClearMessage()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("hoard", "hoard", ("Retries", "0"));
        scenario.Scripts.Add("hoard", async (ctx, ct) =>
        {
            await ctx.Checkpoint.SaveAsync(new string('x', IWorkUnitCheckpoint.MaxBytes + 1), ct);
            return WorkUnitResult.Complete();
        });
        await scenario.DeployAsync("hoard", Bpmn.OneTask("hoard", "hoard"));
        await scenario.StartSiloAsync("s1");
        var instance = await scenario.StartInstanceAsync("hoard");

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("incident") == 1, TimeSpan.FromSeconds(30), "an incident", scenario.Dump);
        var incident = (await scenario.Client.Incidents.ListAsync(new IncidentQuery { ProcessInstanceId = instance.Id }, Ct)).ShouldHaveSingleItem();
        incident.IncidentMessage.ShouldNotBeNull();
        incident.IncidentMessage.ShouldContain("over the limit of 262144 bytes");
    }

    [Fact]
    public async Task AFailuresRetryDelay_OverridesTheTopicsBackoff_AndEachRunHasItsOwnScope()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var scopes = new ConcurrentQueue<IServiceProvider>();
        var runs = new ConcurrentQueue<DateTimeOffset>();
        scenario.Topic("soon", "soon", ("Retries", "2"), ("RetryInitialDelay", "00:01:00"));
        scenario.Scripts.Add("soon", ctx =>
        {
            runs.Enqueue(DateTimeOffset.UtcNow);
            scopes.Enqueue(ctx.ServiceProvider);
            return ctx.Attempt == 1 ? WorkUnitResult.Failure("not yet", retryDelay: TimeSpan.FromMilliseconds(300)) : WorkUnitResult.Complete();
        });
        await scenario.DeployAsync("soon", Bpmn.OneTask("soon", "soon"));
        await scenario.StartSiloAsync("s1");
        await scenario.StartInstanceAsync("soon");

        // With the topic's one-minute backoff this would not finish within the wait.
        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(20), "retried after 300 ms", scenario.Dump);
        var times = runs.ToArray();
        times.Length.ShouldBe(2);
        (times[1] - times[0]).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(250));
        scopes.Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public async Task TheContextLogger_NamesTheTaskTopicAndAttemptInItsScope()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        string? taskId = null;
        scenario.Topic("audit", "audit");
        scenario.Scripts.Add("audit", ctx =>
        {
            taskId = ctx.TaskId;
#pragma warning disable CA1848, CA2254 // a work unit author's plain logging call is what this checks
            ctx.Logger.LogInformation("auditing the order");
#pragma warning restore CA1848, CA2254
            return WorkUnitResult.Complete();
        });
        await scenario.DeployAsync("audit", Bpmn.OneTask("audit", "audit"));
        var silo = await scenario.StartSiloAsync("s1");
        var instance = await scenario.StartInstanceAsync("audit", businessKey: "order-12");

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(30), "completed", scenario.Dump);
        var line = silo.Logs.Lines.Single(l => l.Message == "auditing the order");
        line.Category.ShouldBe("Bptl.WorkUnits.audit");
        line.Scope["TaskId"].ShouldBe(taskId);
        line.Scope["Topic"].ShouldBe("audit");
        line.Scope["Attempt"].ShouldBe(1);
        line.Scope["ProcessInstanceId"].ShouldBe(instance.Id);
        line.Scope["BusinessKey"].ShouldBe("order-12");
    }

    [Fact]
    public async Task EverySilo_PublishesItsWorkUnitsWithTheirContracts_ForTheAdminUi()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Scripts.Add("quote", _ => WorkUnitResult.Complete()).Contract("quote", c => c
            .Describe("Quotes a price")
            .RequiredInput<string>("product", "What to quote")
            .OptionalInput<string>("currency", "EUR")
            .Output<double>("price", required: true));
        scenario.Scripts.Add("plain", _ => WorkUnitResult.Complete());
        var silo = await scenario.StartSiloAsync("s1");

        var units = await silo.Get<Bptl.Storage.WorkUnits.WorkUnitStore>().AllAsync(Ct);

        units.Select(u => u.Name).ShouldBe(["bptl.correlate-message", "bptl.http", "bptl.send-mail", "bptl.start-process", "plain", "quote"]);
        var quote = units.Single(u => u.Name == "quote");
        quote.Declared.ShouldBeTrue();
        quote.Description.ShouldBe("Quotes a price");
        using var contract = System.Text.Json.JsonDocument.Parse(quote.Contract);
        var inputs = contract.RootElement.GetProperty("inputs").EnumerateArray().ToArray();
        inputs.Select(i => i.GetProperty("name").GetString()).ShouldBe(["product", "currency"]);
        inputs[0].GetProperty("type").GetString().ShouldBe("String");
        inputs[0].GetProperty("required").GetBoolean().ShouldBeTrue();
        inputs[0].GetProperty("description").GetString().ShouldBe("What to quote");
        inputs[1].GetProperty("default").GetProperty("value").GetString().ShouldBe("EUR");
        contract.RootElement.GetProperty("outputs")[0].GetProperty("type").GetString().ShouldBe("Double");
        units.Single(u => u.Name == "plain").Declared.ShouldBeFalse();
    }

    private sealed record ShipProgress(int Step, string? Reservation);
}
