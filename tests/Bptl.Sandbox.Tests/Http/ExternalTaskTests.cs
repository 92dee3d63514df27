using System.Text.Json;
using Bptl.Sandbox.Tests.Support;

namespace Bptl.Sandbox.Tests.Http;

public sealed class ExternalTaskTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private SandboxClient Client => fixture.Client;

    private async Task<(string Key, string Topic)> DeployOneTaskAsync(string taskAttributes = "", string taskBody = "")
    {
        var key = Models.Unique("et");
        var topic = "topic-" + key;
        await Client.DeployOkAsync(Models.OneTask(key, topic, taskAttributes, taskBody));
        return (key, topic);
    }

    [Fact]
    public async Task FetchAndLock_NewTask_HasNullRetriesAndTheLock()
    {
        var (key, topic) = await DeployOneTaskAsync();
        var instanceId = await Client.StartAsync(key, """{"businessKey":"order-1"}""");

        var task = await Client.FetchOneAsync("worker-1", topic);

        task.GetProperty("retries").ValueKind.ShouldBe(JsonValueKind.Null);
        task.Str("workerId").ShouldBe("worker-1");
        task.Str("processInstanceId").ShouldBe(instanceId);
        task.Str("executionId").ShouldBe(instanceId);
        task.Str("activityId").ShouldBe("task");
        task.Str("activityInstanceId").ShouldStartWith("task:");
        task.Str("businessKey").ShouldBe("order-1");
        task.GetProperty("suspended").GetBoolean().ShouldBeFalse();
        task.GetProperty("priority").GetInt64().ShouldBe(0);
        task.GetProperty("extensionProperties").EnumerateObject().ShouldBeEmpty();
        task.GetProperty("errorDetails").ValueKind.ShouldBe(JsonValueKind.Null);
        task.Str("lockExpirationTime").Length.ShouldBe(28);
        (await Client.FetchAsync("worker-2", topic)).ShouldBeEmpty();
    }

    [Fact]
    public async Task FetchAndLock_VariableSelection_FollowsTheRequest()
    {
        var (key, topic) = await DeployOneTaskAsync();
        await Client.StartAsync(key, """{"variables":{"a":{"value":"x","type":"String"},"b":{"value":2,"type":"Integer"}}}""");

        var task = await Client.FetchOneAsync("w", topic, ""","variables":["b","missing"]""");

        task.GetProperty("variables").EnumerateObject().Select(p => p.Name).ShouldBe(["b"]);
        task.GetProperty("variables").GetProperty("b").GetRawText().ShouldBe("""{"type":"Integer","value":2,"valueInfo":{}}""");
    }

    [Fact]
    public async Task FetchAndLock_EmptyVariableList_ReturnsNoVariables()
    {
        var (key, topic) = await DeployOneTaskAsync();
        await Client.StartAsync(key, """{"variables":{"a":{"value":"x","type":"String"}}}""");

        var task = await Client.FetchOneAsync("w", topic, ""","variables":[]""");

        task.GetProperty("variables").EnumerateObject().ShouldBeEmpty();
    }

    [Fact]
    public async Task FetchAndLock_ExtensionPropertiesRequested_ReturnsThem()
    {
        var (key, topic) = await DeployOneTaskAsync(taskBody:
            """<bpmn:extensionElements><camunda:properties><camunda:property name="retries" value="5" /></camunda:properties></bpmn:extensionElements>""");
        await Client.StartAsync(key);

        var task = await Client.FetchOneAsync("w", topic, ""","includeExtensionProperties":true""");

        task.GetProperty("extensionProperties").GetRawText().ShouldBe("""{"retries":"5"}""");
    }

    [Fact]
    public async Task FetchAndLock_UsePriority_ReturnsHighestPriorityFirst()
    {
        var key = Models.Unique("prio");
        var topic = "topic-" + key;
        await Client.DeployOkAsync(Models.OneTask(key, topic, "camunda:taskPriority=\"${prio}\""));
        await Client.StartAsync(key, """{"variables":{"prio":{"value":1,"type":"Integer"}}}""");
        await Client.StartAsync(key, """{"variables":{"prio":{"value":9,"type":"Integer"}}}""");
        await Client.StartAsync(key, """{"variables":{"prio":{"value":5,"type":"Integer"}}}""");

        var tasks = await Client.FetchAsync("w", topic, 3, requestExtra: ""","usePriority":true""");

        tasks.Select(t => t.GetProperty("priority").GetInt64()).ShouldBe([9L, 5L, 1L]);
    }

    [Fact]
    public async Task FetchAndLock_CreateTimeDescending_ReturnsNewestFirst()
    {
        var (key, topic) = await DeployOneTaskAsync();
        var first = await Client.StartAsync(key);
        var second = await Client.StartAsync(key);

        var tasks = await Client.FetchAsync("w", topic, 2, requestExtra: ""","sorting":[{"sortBy":"createTime","sortOrder":"desc"}]""");

        tasks.Select(t => t.Str("processInstanceId")).ShouldBe([second, first]);
    }

    [Fact]
    public async Task FetchAndLock_ProcessVariablesFilter_MatchesAnyListedVariable()
    {
        var (key, topic) = await DeployOneTaskAsync();
        var red = await Client.StartAsync(key, """{"variables":{"color":{"value":"red","type":"String"}}}""");
        await Client.StartAsync(key, """{"variables":{"color":{"value":"blue","type":"String"}}}""");
        var big = await Client.StartAsync(key, """{"variables":{"size":{"value":10,"type":"Long"}}}""");

        var tasks = await Client.FetchAsync("w", topic, 10, topicExtra: ""","processVariables":{"color":"red","size":10}""");

        tasks.Select(t => t.Str("processInstanceId")).Order().ShouldBe(new[] { red, big }.Order());
    }

    [Fact]
    public async Task FetchAndLock_MaxTasksZero_ReturnsEmpty()
    {
        var (key, topic) = await DeployOneTaskAsync();
        await Client.StartAsync(key);

        (await Client.FetchAsync("w", topic, 0)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"maxTasks":1,"topics":[]}""", 500, "NullValueException", "workerId is null", 0)]
    [InlineData("""{"workerId":"w","maxTasks":-1}""", 500, "ProcessEngineException", "maxResults is not greater than or equal to 0", 0)]
    [InlineData("""{"workerId":"w","maxTasks":1,"topics":[{"lockDuration":100}]}""", 500, "NullValueException", "topicName is null", 0)]
    [InlineData("""{"workerId":"w","maxTasks":1,"topics":[{"topicName":"t"}]}""", 500, "ProcessEngineException", "lockTime is not greater than 0", 0)]
    [InlineData("""{"workerId":"w","maxTasks":1,"asyncResponseTimeout":1800001}""", 400, "InvalidRequestException", "The asynchronous response timeout cannot be set to a value greater than 1800000 milliseconds", null)]
    [InlineData("""{"workerId":"w","maxTasks":1,"sorting":[{"sortBy":"priority","sortOrder":"asc"}]}""", 400, "InvalidRequestException", "Cannot set query sortBy parameter to value priority", null)]
    [InlineData("""{"workerId":"w","maxTasks":"x"}""", 400, "InvalidRequestException", "", null)]
    [InlineData("""{"workerId":"w",""", 400, "InvalidRequestException", "", null)]
    public async Task FetchAndLock_InvalidRequest_AnswersLikeCamunda(string body, int status, string type, string message, int? code) =>
        (await Client.PostAsync("external-task/fetchAndLock", body)).ShouldBeError(status, type, message, code);

    [Fact]
    public async Task FetchAndLock_UnknownProperties_AreIgnored()
    {
        var reply = await Client.PostAsync("external-task/fetchAndLock", """{"workerId":"w","maxTasks":1,"surprise":{"a":[1]},"topics":[]}""");

        reply.ShouldBeStatus(200).Body.ShouldBe("[]");
    }

    [Fact]
    public async Task Complete_ByOtherWorker_Returns400NamingTheOwner()
    {
        var (key, topic) = await DeployOneTaskAsync();
        await Client.StartAsync(key);
        var task = await Client.FetchOneAsync("w", topic);
        var id = task.Str("id");

        (await Client.CompleteAsync(id, "other")).ShouldBeError(400, "RestException",
            $"External Task {id} cannot be completed by worker 'other'. It is locked by worker 'w'.", 0);
    }

    [Fact]
    public async Task Complete_UnlockedTask_NamesOwnerNull()
    {
        var (key, topic) = await DeployOneTaskAsync();
        var instanceId = await Client.StartAsync(key);
        var id = (await Client.GetAsync("external-task?processInstanceId=" + instanceId)).Json[0].Str("id");

        (await Client.CompleteAsync(id, "w")).ShouldBeError(400, "RestException",
            $"External Task {id} cannot be completed by worker 'w'. It is locked by worker 'null'.", 0);
        _ = topic;
    }

    [Fact]
    public async Task Complete_UnknownTask_Returns404() =>
        (await Client.CompleteAsync("nope", "w")).ShouldBeError(404, "RestException", "External task with id nope does not exist", 0);

    [Fact]
    public async Task Complete_WithVariables_EndsTheInstanceAndKeepsVariablesInHistory()
    {
        var (key, topic) = await DeployOneTaskAsync();
        var instanceId = await Client.StartAsync(key);
        var task = await Client.FetchOneAsync("w", topic);

        (await Client.CompleteAsync(task.Str("id"), "w", ""","variables":{"done":{"value":true,"type":"Boolean"}}""")).ShouldBeStatus(204);

        (await Client.HistoryStateAsync(instanceId)).ShouldBe("COMPLETED");
        (await Client.GetAsync("process-instance/" + instanceId)).ShouldBeError(404, "InvalidRequestException",
            "Process instance with id " + instanceId + " does not exist", null);
        (await Client.CompleteAsync(task.Str("id"), "w")).Status.ShouldBe(404);
    }

    [Fact]
    public async Task Failure_WithoutRetries_CreatesIncidentAndTaskIsNeverFetched()
    {
        var (key, topic) = await DeployOneTaskAsync();
        var instanceId = await Client.StartAsync(key);
        var id = (await Client.FetchOneAsync("w", topic)).Str("id");

        (await Client.PostAsync($"external-task/{id}/failure", """{"workerId":"w","errorMessage":"boom","errorDetails":"stack"}""")).ShouldBeStatus(204);

        var incident = (await Client.GetAsync("incident?processInstanceId=" + instanceId)).Json.EnumerateArray().ShouldHaveSingleItem();
        incident.Str("incidentType").ShouldBe("failedExternalTask");
        incident.Str("configuration").ShouldBe(id);
        incident.Str("incidentMessage").ShouldBe("boom");
        incident.Str("activityId").ShouldBe("task");
        incident.Str("causeIncidentId").ShouldBe(incident.Str("id"));
        incident.GetProperty("failedActivityId").ValueKind.ShouldBe(JsonValueKind.Null);
        (await Client.GetAsync("external-task/" + id)).Json.GetProperty("retries").GetInt32().ShouldBe(0);
        (await Client.FetchAsync("w", topic)).ShouldBeEmpty();
        var details = await Client.GetAsync($"external-task/{id}/errorDetails");
        (details.Status, details.Body, details.ContentType).ShouldBe((200, "stack", "text/plain"));
    }

    [Fact]
    public async Task SetRetries_AboveZero_ResolvesIncidentAndTaskIsFetchableAgain()
    {
        var (key, topic) = await DeployOneTaskAsync();
        var instanceId = await Client.StartAsync(key);
        var id = (await Client.FetchOneAsync("w", topic)).Str("id");
        await Client.PostAsync($"external-task/{id}/failure", """{"workerId":"w","errorMessage":"boom","retries":0}""");

        (await Client.PutAsync($"external-task/{id}/retries", """{"retries":2}""")).ShouldBeStatus(204);

        (await Client.GetAsync("incident/count?processInstanceId=" + instanceId)).Json.GetProperty("count").GetInt64().ShouldBe(0);
        (await Client.FetchOneAsync("w2", topic)).GetProperty("retries").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Failure_LongErrorMessage_IsTruncatedTo666Chars()
    {
        var (key, topic) = await DeployOneTaskAsync();
        await Client.StartAsync(key);
        var id = (await Client.FetchOneAsync("w", topic)).Str("id");
        var message = new string('x', 1000);
        var details = new string('d', 100_000);

        await Client.PostAsync($"external-task/{id}/failure", $$"""{"workerId":"w","errorMessage":"{{message}}","errorDetails":"{{details}}","retries":1}""");

        (await Client.GetAsync("external-task/" + id)).Json.Str("errorMessage").Length.ShouldBe(666);
        (await Client.GetAsync($"external-task/{id}/errorDetails")).Body.Length.ShouldBe(100_000);
    }

    [Theory]
    [InlineData("""{"workerId":"w","retries":-1}""", "retries is not greater than or equal to 0")]
    [InlineData("""{"workerId":"w","retries":1,"retryTimeout":-5}""", "retryDuration is not greater than or equal to 0")]
    public async Task Failure_NegativeValues_Return500(string body, string message) =>
        (await Client.PostAsync("external-task/any/failure", body)).ShouldBeError(500, "ProcessEngineException", message, 0);

    [Fact]
    public async Task ErrorDetails_UnknownTask_Returns500() =>
        (await Client.GetAsync("external-task/nope/errorDetails"))
            .ShouldBeError(500, "NullValueException", "No external task found with id nope: externalTask is null", 0);

    [Fact]
    public async Task ErrorDetails_None_Returns204()
    {
        var (key, topic) = await DeployOneTaskAsync();
        await Client.StartAsync(key);
        var id = (await Client.FetchOneAsync("w", topic)).Str("id");

        (await Client.GetAsync($"external-task/{id}/errorDetails")).ShouldBeStatus(204);
    }

    [Fact]
    public async Task Unlock_MakesTaskFetchableByAnotherWorker()
    {
        var (key, topic) = await DeployOneTaskAsync();
        await Client.StartAsync(key);
        var id = (await Client.FetchOneAsync("w", topic)).Str("id");

        (await Client.PostAsync($"external-task/{id}/unlock", "")).ShouldBeStatus(204);

        (await Client.FetchOneAsync("w2", topic)).Str("workerId").ShouldBe("w2");
    }

    [Fact]
    public async Task Lock_TaskLockedByAnotherWorker_Returns400()
    {
        var (key, topic) = await DeployOneTaskAsync();
        await Client.StartAsync(key);
        var id = (await Client.FetchOneAsync("w", topic)).Str("id");

        (await Client.PostAsync($"external-task/{id}/lock", """{"workerId":"x","lockDuration":1000}""")).ShouldBeError(400, "RestException",
            $"External Task {id} cannot be locked by worker 'x'. It is locked by worker 'w'.", 0);
        (await Client.PostAsync($"external-task/{id}/lock", """{"workerId":"w","lockDuration":1000}""")).ShouldBeStatus(204);
    }

    [Fact]
    public async Task ExtendLock_ByOtherWorker_ReturnsTheDoubledQuoteMessage()
    {
        var (key, topic) = await DeployOneTaskAsync();
        await Client.StartAsync(key);
        var id = (await Client.FetchOneAsync("w", topic)).Str("id");

        (await Client.PostAsync($"external-task/{id}/extendLock", """{"workerId":"x","newDuration":1000}""")).ShouldBeError(400, "RestException",
            $"The lock of the External Task {id} cannot be extended by worker 'x''. It is locked by worker 'w'.", 0);
        (await Client.PostAsync($"external-task/{id}/extendLock", """{"workerId":"w","newDuration":0}"""))
            .ShouldBeError(400, "RestException", "lockTime is not greater than 0", 0);
        (await Client.PostAsync($"external-task/{id}/extendLock", """{"workerId":"w","newDuration":5000}""")).ShouldBeStatus(204);
    }

    [Fact]
    public async Task SetRetries_InvalidValues_AnswerLikeCamunda()
    {
        (await Client.PutAsync("external-task/x/retries", "{}")).ShouldBeError(400, "InvalidRequestException", "The number of retries cannot be null.", null);
        (await Client.PutAsync("external-task/x/retries", """{"retries":-1}""")).ShouldBeError(400, "BadUserRequestException",
            "The number of retries cannot be negative: retries is not greater than or equal to 0", 0);
        (await Client.PutAsync("external-task/x/retries", """{"retries":1}""")).ShouldBeError(404, "RestException", "External task with id x does not exist", 0);
    }

    [Fact]
    public async Task SetPriority_Missing_Is500NullPointer() =>
        (await Client.PutAsync("external-task/x/priority", "{}")).ShouldBeError(500, "NullPointerException", null!, null);

    [Fact]
    public async Task SetRetriesBatch_ByProcessInstance_SetsEveryTask()
    {
        var (key, topic) = await DeployOneTaskAsync();
        var instanceId = await Client.StartAsync(key);

        (await Client.PutAsync("external-task/retries", $$"""{"retries":3,"processInstanceIds":["{{instanceId}}"]}""")).ShouldBeStatus(204);

        (await Client.FetchOneAsync("w", topic)).GetProperty("retries").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Query_FiltersSortsAndCounts()
    {
        var (key, topic) = await DeployOneTaskAsync();
        await Client.StartAsync(key);
        await Client.StartAsync(key);
        await Client.FetchAsync("w", topic, 1);

        (await Client.GetAsync($"external-task/count?topicName={topic}&locked=true")).Json.GetProperty("count").GetInt64().ShouldBe(1);
        (await Client.GetAsync($"external-task/count?topicName={topic}&notLocked=true")).Json.GetProperty("count").GetInt64().ShouldBe(1);
        (await Client.PostAsync("external-task/count", $$"""{"topicName":"{{topic}}","withRetriesLeft":true}""")).Json.GetProperty("count").GetInt64().ShouldBe(2);
        var page = await Client.PostAsync("external-task?firstResult=1&maxResults=5", $$"""{"topicName":"{{topic}}","sorting":[{"sortBy":"createTime","sortOrder":"asc"}]}""");
        page.Json.GetArrayLength().ShouldBe(1);
        (await Client.GetAsync($"external-task?topicName={topic}&sortBy=createTime")).ShouldBeError(400, "InvalidRequestException",
            "Only a single sorting parameter specified. sortBy and sortOrder required", null);
        (await Client.GetAsync("external-task?locked=maybe")).ShouldBeError(400, "InvalidRequestException",
            "Cannot set query parameter 'locked' to value 'maybe'", null);
    }
}
