using Bptl.Sandbox.Tests.Support;

namespace Bptl.Sandbox.Tests.Http;

public sealed class ProcessInstanceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private SandboxClient Client => fixture.Client;

    [Fact]
    public async Task Delete_CancelsTasksAndRecordsExternalTermination()
    {
        var key = Models.Unique("del");
        var topic = "topic-" + key;
        await Client.DeployOkAsync(Models.OneTask(key, topic));
        var instanceId = await Client.StartAsync(key);
        var task = await Client.FetchOneAsync("w", topic);
        await Client.PostAsync($"external-task/{task.Str("id")}/failure", """{"workerId":"w","errorMessage":"x","retries":0}""");

        (await Client.DeleteAsync("process-instance/" + instanceId)).ShouldBeStatus(204);

        (await Client.CompleteAsync(task.Str("id"), "w")).ShouldBeError(404, "RestException", $"External task with id {task.Str("id")} does not exist", 0);
        (await Client.HistoryStateAsync(instanceId)).ShouldBe("EXTERNALLY_TERMINATED");
        (await Client.GetAsync("incident/count?processInstanceId=" + instanceId)).Json.GetProperty("count").GetInt64().ShouldBe(0);
        (await Client.DeleteAsync("process-instance/" + instanceId)).Status.ShouldBe(404);
    }

    [Fact]
    public async Task Queries_FilterRunningAndHistoricInstances()
    {
        var key = Models.Unique("query");
        var topic = "topic-" + key;
        await Client.DeployOkAsync(Models.OneTask(key, topic));
        var running = await Client.StartAsync(key, """{"businessKey":"bk-1"}""");
        var finished = await Client.StartAsync(key, """{"businessKey":"bk-2"}""");
        var task = (await Client.FetchAsync("w", topic, 10)).Single(t => t.Str("processInstanceId") == finished);
        await Client.CompleteAsync(task.Str("id"), "w");

        (await Client.GetAsync("process-instance?processDefinitionKey=" + key)).Json.EnumerateArray().ShouldHaveSingleItem().Str("id").ShouldBe(running);
        (await Client.GetAsync("process-instance?businessKey=bk-1")).Json[0].Str("id").ShouldBe(running);
        (await Client.GetAsync($"history/process-instance?processDefinitionKey={key}&finished=true")).Json.EnumerateArray()
            .ShouldHaveSingleItem().Str("id").ShouldBe(finished);
        (await Client.GetAsync($"history/process-instance?processDefinitionKey={key}&unfinished=true")).Json[0].Str("state").ShouldBe("ACTIVE");
        (await Client.GetAsync($"history/process-instance/count?processDefinitionKey={key}")).Json.GetProperty("count").GetInt64().ShouldBe(2);
        var historic = (await Client.GetAsync("history/process-instance/" + finished)).Json;
        historic.Str("endTime").Length.ShouldBe(28);
        historic.Str("startActivityId").ShouldBe("start");
    }

    [Fact]
    public async Task EngineAlias_DefaultIsTheSameApi_OtherNamesAre404()
    {
        var key = Models.Unique("alias");
        await Client.DeployOkAsync(Models.OneTask(key, "t"));
        var instanceId = await Client.StartAsync(key);

        (await Client.GetAsync("engine/default/process-instance/" + instanceId)).ShouldBeStatus(200);
        (await Client.GetAsync("engine/other/process-instance/" + instanceId))
            .ShouldBeError(404, "InvalidRequestException", "Process engine other not available", null);
        (await Client.GetAsync("version")).Body.ShouldBe("""{"version":"7.23.0"}""");
    }

    [Fact]
    public async Task GetInstance_HasLinksAndFields()
    {
        var key = Models.Unique("links");
        await Client.DeployOkAsync(Models.OneTask(key, "t"));
        var instanceId = await Client.StartAsync(key, """{"businessKey":"b"}""");

        var json = (await Client.GetAsync("process-instance/" + instanceId)).Json;

        json.GetProperty("links")[0].Str("href").ShouldBe(fixture.Engine.BaseAddress + "process-instance/" + instanceId);
        json.GetProperty("links")[0].Str("rel").ShouldBe("self");
        json.Str("definitionKey").ShouldBe(key);
        json.Str("businessKey").ShouldBe("b");
        json.GetProperty("ended").GetBoolean().ShouldBeFalse();
        json.GetProperty("tenantId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }
}
