using Bptl.Camunda.Errors;
using Bptl.Camunda.ExternalTasks;
using Bptl.Camunda.Incidents;
using Bptl.Variables;
using Bptl.Contract.Tests.Infrastructure;

namespace Bptl.Contract.Tests;

public sealed class FailureTests(EngineFixture engine) : ContractTest(engine)
{
    private Task FailAsync(LockedExternalTask task, int retries, TimeSpan retryTimeout, string message = "boom", string? details = "stack trace",
        string? worker = null, VariableMap? variables = null) =>
        Client.ExternalTasks.HandleFailureAsync(task.Id, new ReportExternalTaskFailure
        {
            WorkerId = worker ?? Worker,
            ErrorMessage = message,
            ErrorDetails = details,
            Retries = retries,
            RetryTimeout = retryTimeout,
            Variables = variables,
        }, Ct);

    [Fact]
    public async Task Failure_WithRetries_KeepsTheWorkerAndLocksForTheRetryTimeout()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();
        var before = DateTimeOffset.UtcNow;

        await FailAsync(task, retries: 2, retryTimeout: TimeSpan.FromMinutes(1), variables: new VariableMap { ["attempted"] = true });

        var stored = await Client.ExternalTasks.GetAsync(task.Id, Ct);
        stored.Retries.ShouldBe(2);
        stored.ErrorMessage.ShouldBe("boom");
        stored.WorkerId.ShouldBe(Worker);
        stored.LockExpirationTime!.Value.ShouldBeInRange(before.AddMinutes(1).AddSeconds(-5), DateTimeOffset.UtcNow.AddMinutes(1).AddSeconds(5));
        (await Client.ExternalTasks.GetErrorDetailsAsync(task.Id, Ct)).ShouldBe("stack trace");
        (await FetchAsync(worker: "other-" + Unique)).ShouldBeEmpty();
        (await Client.ProcessInstances.GetVariablesAsync(task.ProcessInstanceId!, cancellationToken: Ct)).Get<bool>("attempted").ShouldBeTrue();
    }

    [Fact]
    public async Task Failure_DuringRetryTimeout_TheSameWorkerMayStillComplete()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();
        await FailAsync(task, retries: 1, retryTimeout: TimeSpan.FromMinutes(1));

        await CompleteAsync(task);

        await Should.ThrowAsync<CamundaNotFoundException>(() => Client.ExternalTasks.GetAsync(task.Id, Ct));
    }

    [Fact]
    public async Task Failure_AfterTheRetryTimeout_IsFetchedAgainWithItsError()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();
        await FailAsync(task, retries: 3, retryTimeout: TimeSpan.FromMilliseconds(300), details: "full details");
        var failed = await Client.ExternalTasks.GetAsync(task.Id, Ct);
        await PassAsync(failed.LockExpirationTime);

        var again = await FetchOneAsync(worker: "next-" + Unique);

        again.Id.ShouldBe(task.Id);
        again.Retries.ShouldBe(3);
        again.ErrorMessage.ShouldBe("boom");
        again.ErrorDetails.ShouldBe("full details");
    }

    [Fact]
    public async Task Failure_WithZeroRetries_OpensAnIncidentAndTheTaskIsNotFetched()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        await FailAsync(task, retries: 0, retryTimeout: TimeSpan.Zero, message: "gave up");

        var incident = (await Client.Incidents.ListAsync(new IncidentQuery { ProcessInstanceId = task.ProcessInstanceId }, Ct)).ShouldHaveSingleItem();
        incident.IncidentType.ShouldBe("failedExternalTask");
        incident.Configuration.ShouldBe(task.Id);
        incident.IncidentMessage.ShouldBe("gave up");
        incident.ActivityId.ShouldBe("task");
        incident.CauseIncidentId.ShouldBe(incident.Id);
        incident.RootCauseIncidentId.ShouldBe(incident.Id);
        (await Client.Incidents.CountAsync(new IncidentQuery { Configuration = task.Id }, Ct)).ShouldBe(1);
        (await FetchAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Failure_WithoutRetriesField_MeansZeroAndOpensAnIncident()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        var response = await Raw.PostAsync($"external-task/{task.Id}/failure", $$"""{"workerId":"{{Worker}}","errorMessage":"no retries"}""", Ct);

        response.Status.ShouldBe(204);
        (await Client.Incidents.CountAsync(new IncidentQuery { Configuration = task.Id }, Ct)).ShouldBe(1);
        (await Client.ExternalTasks.GetAsync(task.Id, Ct)).Retries.ShouldBe(0);
    }

    [Fact]
    public async Task SetRetries_AboveZero_ResolvesTheIncidentAndTheTaskCanBeFetched()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();
        await FailAsync(task, retries: 0, retryTimeout: TimeSpan.Zero);

        await Client.ExternalTasks.SetRetriesAsync(task.Id, 2, Ct);

        (await Client.Incidents.CountAsync(new IncidentQuery { Configuration = task.Id }, Ct)).ShouldBe(0);
        var again = await FetchOneAsync();
        again.Id.ShouldBe(task.Id);
        again.Retries.ShouldBe(2);
    }

    [Fact]
    public async Task SetRetries_ToZero_OpensAnIncident()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        await Client.ExternalTasks.SetRetriesAsync(task.Id, 0, Ct);

        (await Client.Incidents.CountAsync(new IncidentQuery { Configuration = task.Id }, Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task Complete_ResolvesTheIncident()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();
        await FailAsync(task, retries: 0, retryTimeout: TimeSpan.Zero);

        await CompleteAsync(task);

        (await Client.Incidents.CountAsync(new IncidentQuery { Configuration = task.Id }, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Failure_LongMessage_IsTruncatedTo666CharactersAndDetailsAreKeptWhole()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();
        var message = new string('m', 1000);
        var details = new string('d', 100_000);

        await FailAsync(task, retries: 1, retryTimeout: TimeSpan.FromMinutes(1), message: message, details: details);

        (await Client.ExternalTasks.GetAsync(task.Id, Ct)).ErrorMessage.ShouldBe(new string('m', 666));
        (await Client.ExternalTasks.GetErrorDetailsAsync(task.Id, Ct)).ShouldBe(details);
    }

    [Fact]
    public async Task Failure_NegativeRetries_Is500() =>
        (await FailRawAsync("""{"retries":-1,"retryTimeout":0}""")).ShouldBeError(500, "ProcessEngineException", "retries is not greater than or equal to 0");

    [Fact]
    public async Task Failure_NegativeRetryTimeout_Is500() =>
        (await FailRawAsync("""{"retries":1,"retryTimeout":-1}""")).ShouldBeError(500, "ProcessEngineException", "retryDuration is not greater than or equal to 0");

    [Fact]
    public async Task Failure_ByAnotherWorker_Is400()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        (await Raw.PostAsync($"external-task/{task.Id}/failure", """{"workerId":"other","retries":1,"retryTimeout":0}""", Ct))
            .ShouldBeError(400, "RestException", $"Failure of External Task {task.Id} cannot be reported by worker 'other'. It is locked by worker '{Worker}'.");
    }

    [Fact]
    public async Task Failure_UnknownTask_Is404() =>
        (await Raw.PostAsync($"external-task/nope-{Unique}/failure", """{"workerId":"w","retries":1,"retryTimeout":0}""", Ct))
            .ShouldBeError(404, "RestException", "does not exist");

    [Fact]
    public async Task ErrorDetails_WithoutAFailure_Is204()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        (await Raw.GetAsync($"external-task/{task.Id}/errorDetails", Ct)).Status.ShouldBe(204);
        (await Client.ExternalTasks.GetErrorDetailsAsync(task.Id, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task ErrorDetails_OfAnUnknownTask_Is500NullValue() =>
        (await Raw.GetAsync($"external-task/nope-{Unique}/errorDetails", Ct))
            .ShouldBeError(500, "NullValueException", $"No external task found with id nope-{Unique}");

    private async Task<RawResponse> FailRawAsync(string fields)
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();
        var body = fields.Insert(1, $"\"workerId\":\"{Worker}\",");
        return await Raw.PostAsync($"external-task/{task.Id}/failure", body, Ct);
    }
}
