using Bptl.Testing;
using System.Text.Json;
using Bptl.Camunda.Errors;
using Bptl.Camunda.ExternalTasks;
using Bptl.Contract.Tests.Infrastructure;

namespace Bptl.Contract.Tests;

public sealed class QueryTests(EngineFixture engine) : ContractTest(engine)
{
    [Fact]
    public async Task Get_ReturnsTheTaskWithoutVariablesOrDetails()
    {
        await DeployOneTaskAsync(priority: 7);
        var task = await StartAndFetchAsync(businessKey: "bk");

        var response = await Raw.GetAsync("external-task/" + task.Id, Ct);

        response.Status.ShouldBe(200);
        var json = response.Json;
        json.GetProperty("id").GetString().ShouldBe(task.Id);
        json.GetProperty("topicName").GetString().ShouldBe(Topic);
        json.GetProperty("workerId").GetString().ShouldBe(Worker);
        json.GetProperty("priority").GetInt64().ShouldBe(7);
        json.GetProperty("suspended").GetBoolean().ShouldBeFalse();
        json.GetProperty("businessKey").GetString().ShouldBe("bk");
        json.GetProperty("retries").ValueKind.ShouldBe(JsonValueKind.Null);
        json.TryGetProperty("variables", out _).ShouldBeFalse();
        json.TryGetProperty("errorDetails", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Get_UnknownTask_Is404WithNullCode()
    {
        var response = await Raw.GetAsync($"external-task/nope-{Unique}", Ct);

        response.ShouldBeError(404, "RestException", $"External task with id nope-{Unique} does not exist");
        response.Json.GetProperty("code").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task ListAndCount_FilterByTopicWorkerAndLockState()
    {
        await DeployOneTaskAsync();
        await StartAsync();
        await StartAsync();
        await StartAsync();
        var locked = await FetchAsync(maxTasks: 2);

        (await Client.ExternalTasks.CountAsync(new ExternalTaskQuery { TopicName = Topic }, Ct)).ShouldBe(3);
        (await Client.ExternalTasks.CountAsync(new ExternalTaskQuery { TopicName = Topic, Locked = true }, Ct)).ShouldBe(2);
        (await Client.ExternalTasks.CountAsync(new ExternalTaskQuery { TopicName = Topic, NotLocked = true }, Ct)).ShouldBe(1);
        (await Client.ExternalTasks.CountAsync(new ExternalTaskQuery { WorkerId = Worker }, Ct)).ShouldBe(2);
        (await Client.ExternalTasks.CountAsync(new ExternalTaskQuery { TopicName = Topic, WithRetriesLeft = true }, Ct)).ShouldBe(3);
        (await Client.ExternalTasks.CountAsync(new ExternalTaskQuery { TopicName = Topic, NoRetriesLeft = true }, Ct)).ShouldBe(0);
        var byIds = await Client.ExternalTasks.ListAsync(new ExternalTaskQuery { ExternalTaskIdIn = locked.Select(t => t.Id).ToList() }, cancellationToken: Ct);
        byIds.Select(t => t.Id).ShouldBe(locked.Select(t => t.Id), ignoreOrder: true);
        var page = await Client.ExternalTasks.ListAsync(new ExternalTaskQuery { TopicName = Topic }, firstResult: 1, maxResults: 1, Ct);
        page.Count.ShouldBe(1);
    }

    [Fact]
    public async Task List_ByQueryParameters_MatchesTheJsonBodyForm()
    {
        await DeployOneTaskAsync();
        var instance = await StartAsync();

        var viaGet = await Raw.GetAsync($"external-task?topicName={Topic}&processInstanceId={instance.Id}&activityId=task", Ct);
        var count = await Raw.GetAsync($"external-task/count?topicName={Topic}", Ct);

        viaGet.Status.ShouldBe(200);
        viaGet.Json.GetArrayLength().ShouldBe(1);
        viaGet.Json[0].GetProperty("processInstanceId").GetString().ShouldBe(instance.Id);
        count.Json.GetProperty("count").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task List_SortedByPriority_FollowsTheOrder()
    {
        await DeployAsync(Bpmn.OneTask(Key + "a", Topic, priority: 3), "a.bpmn");
        await DeployAsync(Bpmn.OneTask(Key + "b", Topic, priority: 9), "b.bpmn");
        await StartAsync(key: Key + "a");
        await StartAsync(key: Key + "b");

        var sorted = await Client.ExternalTasks.ListAsync(new ExternalTaskQuery
        {
            TopicName = Topic,
            Sorting = [new QuerySorting { SortBy = "taskPriority", SortOrder = "desc" }],
        }, cancellationToken: Ct);
        var high = await Client.ExternalTasks.CountAsync(new ExternalTaskQuery { TopicName = Topic, PriorityHigherThanOrEquals = 5 }, Ct);

        sorted.Select(t => t.Priority).ShouldBe([9L, 3L]);
        high.ShouldBe(1);
    }

    [Fact]
    public async Task List_SortByWithoutSortOrder_Is400()
    {
        var response = await Raw.GetAsync($"external-task?topicName={Topic}&sortBy=id", Ct);

        response.Status.ShouldBe(400);
        response.Json.GetProperty("type").GetString().ShouldBe("InvalidRequestException");
    }

    [Fact]
    public async Task SetRetries_NullRetries_Is400()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        (await Raw.PutAsync($"external-task/{task.Id}/retries", "{}", Ct))
            .ShouldBeError(400, "InvalidRequestException", "The number of retries cannot be null.");
    }

    [Fact]
    public async Task SetRetries_Negative_Is400BadUserRequest()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        (await Raw.PutAsync($"external-task/{task.Id}/retries", """{"retries":-1}""", Ct))
            .ShouldBeError(400, "BadUserRequestException", "The number of retries cannot be negative");
    }

    [Fact]
    public async Task SetRetries_UnknownTask_Is404() =>
        (await Raw.PutAsync($"external-task/nope-{Unique}/retries", """{"retries":1}""", Ct)).ShouldBeError(404, "RestException");

    [Fact]
    public async Task SetRetries_ForManyTasks_SetsEach()
    {
        await DeployOneTaskAsync();
        var a = await StartAsync();
        var b = await StartAsync();

        await Client.ExternalTasks.SetRetriesAsync(new SetRetriesForTasks { Retries = 5, ProcessInstanceIds = [a.Id, b.Id] }, Ct);

        var tasks = await Client.ExternalTasks.ListAsync(new ExternalTaskQuery { TopicName = Topic }, cancellationToken: Ct);
        tasks.Count.ShouldBe(2);
        tasks.ShouldAllBe(t => t.Retries == 5);
    }

    [Fact]
    public async Task SetPriority_ChangesTheFetchOrder()
    {
        await DeployOneTaskAsync();
        await StartAsync();
        await StartAsync();
        var tasks = await Client.ExternalTasks.ListAsync(new ExternalTaskQuery { TopicName = Topic }, cancellationToken: Ct);

        await Client.ExternalTasks.SetPriorityAsync(tasks[1].Id, 100, Ct);

        (await FetchAsync(maxTasks: 1, usePriority: true)).ShouldHaveSingleItem().Id.ShouldBe(tasks[1].Id);
        (await Client.ExternalTasks.GetAsync(tasks[1].Id, Ct)).Priority.ShouldBe(100);
    }

    [Fact]
    public async Task SetPriority_UnknownTask_Is404_AndEmptyBodyIs500()
    {
        await DeployOneTaskAsync();
        var task = await StartAndFetchAsync();

        await Should.ThrowAsync<CamundaNotFoundException>(() => Client.ExternalTasks.SetPriorityAsync("nope-" + Unique, 1, Ct));
        (await Raw.PutAsync($"external-task/{task.Id}/priority", "{}", Ct)).Status.ShouldBe(500);
    }

    [Fact]
    public async Task Version_AnswersTheEngineVersion() =>
        (await Client.GetVersionAsync(Ct)).ShouldStartWith("7.");
}
