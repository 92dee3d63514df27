using Bptl.Camunda.ExternalTasks;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Sandbox.Faults;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Bptl.Variables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bptl.Silo.Tests;

public sealed class BadInputTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InvalidOptions_StopTheSiloAtStart_WithEveryProblemListed()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Bptl:Storage:ConnectionString"] = "Host=127.0.0.1;Password=s3cret-never-shown;Port=notaport",
            ["Bptl:Engines:default:BaseAddress"] = "ftp://engine/",
            ["Bptl:Silo:HeartbeatInterval"] = "00:00:05",
            ["Bptl:Silo:DeadAfter"] = "00:00:06",
            ["Bptl:Topics:0:Topic"] = "orders",
            ["Bptl:Topics:0:Engine"] = "elsewhere",
            ["Bptl:Grains:PollTimeout"] = "01:00:00",
        };

        var error = await Should.ThrowAsync<OptionsValidationException>(
            () => SiloHarness.StartAsync("bad", configuration, new WorkUnitScripts(), Ct));

        error.Failures.ShouldContain(f => f.Contains("Bptl:Storage:ConnectionString is not a valid PostgreSQL connection string"));
        error.Failures.ShouldContain(f => f.Contains("Bptl:Engines:default: BaseAddress 'ftp://engine/' must be an absolute http or https address"));
        error.Failures.ShouldContain(f => f.Contains("Bptl:Silo:DeadAfter must be at least three heartbeat intervals"));
        error.Failures.ShouldContain(f => f.Contains("Bptl:Topics:0:WorkUnit is required"));
        error.Failures.ShouldContain(f => f.Contains("Bptl:Topics:0:Engine 'elsewhere' is not one of Bptl:Engines"));
        error.Failures.ShouldContain(f => f.Contains("Bptl:Grains:PollTimeout must be positive and at most 30 minutes"));
        error.Message.ShouldNotContain("s3cret-never-shown");
    }

    [Fact]
    public async Task TopicMappedToAWorkUnitNoSiloHas_IsReported_AndItsTasksStayInTheEngineUntouched()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("ghostly", "ghost");
        scenario.Topic("fine", "works");
        scenario.Scripts.Add("works", _ => WorkUnitResult.Complete());
        await scenario.DeployAsync("ghostly", Bpmn.OneTask("ghostly", "ghostly"));
        await scenario.DeployAsync("fine", Bpmn.OneTask("fine", "fine"));
        var silo = await scenario.StartSiloAsync("s1");
        await scenario.StartInstanceAsync("ghostly");
        await scenario.StartInstanceAsync("fine");

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(20), "the mapped topic works", scenario.Dump);
        await Eventually.TrueAsync(() => Task.FromResult(silo.Logs.Contains(LogLevel.Error, "maps to work unit 'ghost', which no live silo can run")),
            TimeSpan.FromSeconds(10), "the orphan topic is reported", scenario.Dump);

        var ghostTask = (await scenario.Client.ExternalTasks.ListAsync(new ExternalTaskQuery { TopicName = "ghostly" }, cancellationToken: Ct)).ShouldHaveSingleItem();
        ghostTask.WorkerId.ShouldBeNull();
        (await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_topic_lease WHERE topic = 'ghostly'")).ShouldBe(0);
        (await scenario.CountTasksAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task MalformedEngineAnswer_IsLoggedAndBackedOff_AndPollingGoesOn()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("sturdy", "works");
        scenario.Scripts.Add("works", _ => WorkUnitResult.Complete());
        await scenario.DeployAsync("sturdy", Bpmn.OneTask("sturdy", "sturdy"));
        scenario.Engine.Faults.AnswerNext(SandboxEndpoint.FetchAndLock, 200, """[{"id": "half""", count: 2);
        var silo = await scenario.StartSiloAsync("s1");
        await scenario.StartInstanceAsync("sturdy");

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(20),
            "the task completes once the engine answers properly again", scenario.Dump);
        silo.Logs.Contains(LogLevel.Warning, "the engine's answer is not a valid list of LockedExternalTask").ShouldBeTrue(scenario.Dump());
    }

    [Fact]
    public async Task UnknownVariableType_FromTheEngine_IsAClearFailureOfTheTaskThatReadsIt()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("odd", "reads-sheet", ("Retries", "3"));
        scenario.Scripts.Add("reads-sheet", ctx => WorkUnitResult.Complete(new VariableMap { ["copy"] = ctx.Variables.Get<string>("sheet") }));
        var answer = """
            [{"id":"not-in-engine","topicName":"odd","workerId":"w","lockExpirationTime":"2099-01-01T00:00:00.000+0000",
              "retries":null,"priority":0,"processInstanceId":"pi","activityId":"a","variables":
              {"sheet":{"type":"Spreadsheet","value":{"cells":[1,2]},"valueInfo":{}}},"extensionProperties":{}}]
            """;
        scenario.Engine.Faults.AnswerNext(SandboxEndpoint.FetchAndLock, 200, answer);
        await scenario.StartSiloAsync("s1");

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("gone") == 1, TimeSpan.FromSeconds(20),
            "the grain settles (the engine never had the task)", scenario.Dump);
        var message = await scenario.ScalarAsync<string>("SELECT error_message FROM bptl_task");
        message.ShouldBe("The variable 'sheet' cannot be read as String: A Spreadsheet variable cannot be read as String: 'Spreadsheet' is not a variable type Bptl knows.");
        var outcome = await scenario.ScalarAsync<string>("SELECT outcome->>'retries' FROM bptl_task");
        outcome.ShouldBe("0");
    }

    [Fact]
    public async Task NulCharacters_InVariablesAndMessages_AreStoredAndReported()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("nul", "echoes", ("Retries", "0"));
        scenario.Scripts.Add("echoes", ctx => ctx.Variables.Get<bool>("fail")
            ? WorkUnitResult.Failure("bad\0byte in " + ctx.Variables.Get<string>("note"), retryable: false)
            : WorkUnitResult.Complete(new VariableMap { ["echo"] = ctx.Variables.Get<string>("note") }));
        await scenario.DeployAsync("nul", Bpmn.OneTask("nul", "nul"));
        await scenario.StartSiloAsync("s1");
        var ok = await scenario.StartInstanceAsync("nul", new VariableMap { ["note"] = "a\0b", ["fail"] = false });
        await scenario.StartInstanceAsync("nul", new VariableMap { ["note"] = "c\0d", ["fail"] = true });

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1 && await scenario.CountTasksAsync("incident") == 1,
            TimeSpan.FromSeconds(20), "both tasks settle", scenario.Dump);
        var incident = (await scenario.Client.Incidents.ListAsync(cancellationToken: Ct)).ShouldHaveSingleItem();
        incident.IncidentMessage.ShouldBe("bad\0byte in c\0d");
        (await scenario.ScalarAsync<string>("SELECT error_message FROM bptl_task WHERE state = 'incident'")).ShouldBe("bad\uFFFDbyte in c\uFFFDd");
        var history = await scenario.Client.History.GetProcessInstanceAsync(ok.Id, Ct);
        history.State.ShouldBe("COMPLETED");
    }
}
