using Bptl.Testing;
using System.Text.Json;
using Bptl.Camunda.ExternalTasks;
using Bptl.Variables;
using Bptl.Contract.Tests.Infrastructure;

namespace Bptl.Contract.Tests;

public sealed class FetchAndLockTests(EngineFixture engine) : ContractTest(engine)
{
    [Fact]
    public async Task FetchAndLock_ReturnsTheLockedTaskWithEveryField()
    {
        await DeployAsync(Bpmn.OneTask(Key, Topic, properties: new Dictionary<string, string> { ["owner"] = "team-a" }));
        var before = DateTimeOffset.UtcNow;
        var instance = await StartAsync(new VariableMap { ["amount"] = 42 }, businessKey: "order-1");

        var task = await FetchOneAsync(lockDuration: TimeSpan.FromMinutes(2));

        task.Id.ShouldNotBeNullOrEmpty();
        task.TopicName.ShouldBe(Topic);
        task.WorkerId.ShouldBe(Worker);
        task.LockExpirationTime!.Value.ShouldBeInRange(before.AddMinutes(2).AddSeconds(-5), DateTimeOffset.UtcNow.AddMinutes(2).AddSeconds(5));
        task.Retries.ShouldBeNull();
        task.ErrorMessage.ShouldBeNull();
        task.ErrorDetails.ShouldBeNull();
        task.Priority.ShouldBe(0);
        task.Suspended.ShouldBeFalse();
        task.BusinessKey.ShouldBe("order-1");
        task.ProcessInstanceId.ShouldBe(instance.Id);
        task.ProcessDefinitionId.ShouldBe(instance.DefinitionId);
        task.ProcessDefinitionKey.ShouldBe(Key);
        task.ActivityId.ShouldBe("task");
        task.ActivityInstanceId.ShouldNotBeNullOrEmpty();
        task.ExecutionId.ShouldNotBeNullOrEmpty();
        task.TenantId.ShouldBeNull();
        task.Variables.Get<int>("amount").ShouldBe(42);
        task.ExtensionProperties.ShouldBeEmpty();
    }

    [Fact]
    public async Task FetchAndLock_RawAnswer_SerializesNullFields()
    {
        await DeployOneTaskAsync();
        await StartAsync();

        var response = await Raw.PostAsync("external-task/fetchAndLock",
            $$"""{"workerId":"{{Worker}}","maxTasks":1,"topics":[{"topicName":"{{Topic}}","lockDuration":60000}]}""", Ct);

        response.Status.ShouldBe(200);
        var task = response.Json[0];
        task.GetProperty("retries").ValueKind.ShouldBe(JsonValueKind.Null);
        task.GetProperty("tenantId").ValueKind.ShouldBe(JsonValueKind.Null);
        task.GetProperty("errorMessage").ValueKind.ShouldBe(JsonValueKind.Null);
        task.GetProperty("extensionProperties").ValueKind.ShouldBe(JsonValueKind.Object);
        task.GetProperty("lockExpirationTime").GetString()!.ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$");
    }

    [Fact]
    public async Task FetchAndLock_IncludeExtensionProperties_ReturnsTheActivityProperties()
    {
        await DeployAsync(Bpmn.OneTask(Key, Topic, properties: new Dictionary<string, string> { ["owner"] = "team-a", ["sla"] = "4h" }));
        await StartAsync();

        var task = await FetchOneAsync(refine: t => t with { IncludeExtensionProperties = true });

        task.ExtensionProperties.ShouldBe(new Dictionary<string, string> { ["owner"] = "team-a", ["sla"] = "4h" }, ignoreOrder: true);
    }

    [Fact]
    public async Task FetchAndLock_LockedTask_IsNotFetchedAgain()
    {
        await DeployOneTaskAsync();
        await StartAsync();
        await FetchOneAsync();

        (await FetchAsync(worker: Worker + "-other")).ShouldBeEmpty();
    }

    [Fact]
    public async Task FetchAndLock_MaxTasksZero_ReturnsEmpty()
    {
        await DeployOneTaskAsync();
        await StartAsync();

        (await FetchAsync(maxTasks: 0)).ShouldBeEmpty();
        (await FetchAsync(maxTasks: 1)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task FetchAndLock_MaxTasks_AppliesAcrossTopics()
    {
        var other = Unique + "-second";
        await DeployAsync(Bpmn.TwoTasks(Key, Topic, other));
        await DeployAsync(Bpmn.OneTask(Key + "b", other), Unique + "b.bpmn");
        await StartAsync();
        await StartAsync();
        await StartAsync(key: Key + "b");

        var tasks = await Client.ExternalTasks.FetchAndLockAsync(new FetchAndLockRequest
        {
            WorkerId = Worker,
            MaxTasks = 2,
            Topics = [new FetchTopic { TopicName = Topic, LockDuration = TimeSpan.FromMinutes(1) }, new FetchTopic { TopicName = other, LockDuration = TimeSpan.FromMinutes(1) }],
        }, Ct);

        tasks.Count.ShouldBe(2);
    }

    [Fact]
    public async Task FetchAndLock_VariablesFilter_NullReturnsAllEmptyReturnsNone()
    {
        await DeployOneTaskAsync();
        var variables = new VariableMap { ["a"] = 1, ["b"] = "two", ["c"] = true };
        await StartAsync(variables);
        await StartAsync(variables);
        await StartAsync(variables);

        var all = await FetchOneAsync2(null);
        var none = await FetchOneAsync2([]);
        var some = await FetchOneAsync2(["b", "missing"]);

        all.Variables.Keys.ShouldBe(["a", "b", "c"], ignoreOrder: true);
        none.Variables.ShouldBeEmpty();
        some.Variables.Keys.ShouldBe(["b"]);
    }

    private async Task<LockedExternalTask> FetchOneAsync2(IReadOnlyList<string>? names)
    {
        var tasks = await FetchAsync(maxTasks: 1, refine: t => t with { Variables = names });
        return tasks.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task FetchAndLock_BusinessKeyFilter_MatchesOnlyThatInstance()
    {
        await DeployOneTaskAsync();
        await StartAsync(businessKey: "one");
        await StartAsync(businessKey: "two");

        var task = await FetchOneAsync(refine: t => t with { BusinessKey = "two" });

        task.BusinessKey.ShouldBe("two");
    }

    [Fact]
    public async Task FetchAndLock_ProcessDefinitionFilters_Match()
    {
        var deployment = await DeployAsync(Bpmn.OneTask(Key, Topic, versionTag: "v-" + Unique));
        var definitionId = deployment.DeployedProcessDefinitions!.Keys.Single();
        await StartAsync();

        (await FetchAsync(refine: t => t with { ProcessDefinitionKey = Key + "x" })).ShouldBeEmpty();
        (await FetchAsync(refine: t => t with { ProcessDefinitionKeyIn = [Key + "x"] })).ShouldBeEmpty();
        (await FetchAsync(refine: t => t with { ProcessDefinitionId = definitionId + "x" })).ShouldBeEmpty();
        (await FetchAsync(refine: t => t with { ProcessDefinitionVersionTag = "nope" })).ShouldBeEmpty();
        (await FetchAsync(refine: t => t with { TenantIdIn = ["some-tenant"] })).ShouldBeEmpty();
        var task = (await FetchAsync(refine: t => t with
        {
            ProcessDefinitionKey = Key,
            ProcessDefinitionKeyIn = [Key, "other"],
            ProcessDefinitionId = definitionId,
            ProcessDefinitionIdIn = [definitionId],
            ProcessDefinitionVersionTag = "v-" + Unique,
            WithoutTenantId = true,
        })).ShouldHaveSingleItem();
        task.ProcessDefinitionVersionTag.ShouldBe("v-" + Unique);
    }

    [Fact]
    public async Task FetchAndLock_ProcessVariables_AreOredTogether()
    {
        await DeployOneTaskAsync();
        await StartAsync(new VariableMap { ["region"] = "north", ["size"] = 1 });
        await StartAsync(new VariableMap { ["region"] = "south", ["size"] = 2 });
        await StartAsync(new VariableMap { ["region"] = "east", ["size"] = 3 });

        var tasks = await FetchAsync(refine: t => t with
        {
            ProcessVariables = new Dictionary<string, JsonElement>
            {
                ["region"] = JsonSerializer.SerializeToElement("north"),
                ["size"] = JsonSerializer.SerializeToElement(3),
            },
        });

        tasks.Select(t => t.Variables.Get<string>("region")).ShouldBe(["north", "east"], ignoreOrder: true);
    }

    [Fact]
    public async Task FetchAndLock_UsePriority_ReturnsHighestFirst()
    {
        var low = Key + "low";
        var high = Key + "high";
        var mid = Key + "mid";
        await DeployAsync(Bpmn.OneTask(low, Topic, priority: 1), "low.bpmn");
        await DeployAsync(Bpmn.OneTask(high, Topic, priority: 50), "high.bpmn");
        await DeployAsync(Bpmn.OneTask(mid, Topic, priority: 10), "mid.bpmn");
        await StartAsync(key: low);
        await StartAsync(key: high);
        await StartAsync(key: mid);

        var tasks = await FetchAsync(usePriority: true);

        tasks.Select(t => t.Priority).ShouldBe([50L, 10L, 1L]);
    }

    [Fact]
    public async Task FetchAndLock_SortByCreateTime_FollowsTheOrder()
    {
        await DeployOneTaskAsync();
        var first = await StartInOwnMillisecondAsync("1");
        await StartInOwnMillisecondAsync("2");
        var last = await StartInOwnMillisecondAsync("3");

        var descending = await FetchAsync(maxTasks: 1, sorting: [FetchSorting.CreateTimeDescending]);
        var ascending = await FetchAsync(maxTasks: 1, sorting: [FetchSorting.CreateTimeAscending]);

        descending.ShouldHaveSingleItem().ProcessInstanceId.ShouldBe(last.Id);
        ascending.ShouldHaveSingleItem().ProcessInstanceId.ShouldBe(first.Id);
    }

    private async Task<Bptl.Camunda.ProcessDefinitions.ProcessInstance> StartInOwnMillisecondAsync(string businessKey)
    {
        // createTime has millisecond precision: keep the starts in distinct milliseconds.
        var instance = await StartAsync(businessKey: businessKey);
        await PassAsync(DateTimeOffset.UtcNow.AddMilliseconds(5));
        return instance;
    }

    [Fact]
    public async Task FetchAndLock_WithoutWorkerId_Is500NullValue() =>
        (await Raw.PostAsync("external-task/fetchAndLock", """{"maxTasks":1,"topics":[{"topicName":"x","lockDuration":1000}]}""", Ct))
            .ShouldBeError(500, "NullValueException", "workerId is null");

    [Fact]
    public async Task FetchAndLock_WithoutTopicName_Is500NullValue() =>
        (await Raw.PostAsync("external-task/fetchAndLock", $$"""{"workerId":"{{Worker}}","maxTasks":1,"topics":[{"lockDuration":1000}]}""", Ct))
            .ShouldBeError(500, "NullValueException", "topicName is null");

    [Fact]
    public async Task FetchAndLock_ZeroLockDuration_Is500() =>
        (await Raw.PostAsync("external-task/fetchAndLock", $$"""{"workerId":"{{Worker}}","maxTasks":1,"topics":[{"topicName":"{{Topic}}","lockDuration":0}]}""", Ct))
            .ShouldBeError(500, "ProcessEngineException", "lockTime is not greater than 0");

    [Fact]
    public async Task FetchAndLock_NegativeMaxTasks_Is500() =>
        (await Raw.PostAsync("external-task/fetchAndLock", $$"""{"workerId":"{{Worker}}","maxTasks":-1,"topics":[{"topicName":"{{Topic}}","lockDuration":1000}]}""", Ct))
            .ShouldBeError(500, "ProcessEngineException", "maxResults is not greater than or equal to 0");

    [Fact]
    public async Task FetchAndLock_TimeoutAboveTheLimit_Is400() =>
        (await Raw.PostAsync("external-task/fetchAndLock", $$"""{"workerId":"{{Worker}}","maxTasks":1,"asyncResponseTimeout":1800001,"topics":[{"topicName":"{{Topic}}","lockDuration":1000}]}""", Ct))
            .ShouldBeError(400, "InvalidRequestException", "The asynchronous response timeout cannot be set to a value greater than 1800000 milliseconds");

    [Fact]
    public async Task FetchAndLock_UnknownSortBy_Is400() =>
        (await Raw.PostAsync("external-task/fetchAndLock", $$"""{"workerId":"{{Worker}}","maxTasks":1,"sorting":[{"sortBy":"priority","sortOrder":"asc"}],"topics":[{"topicName":"{{Topic}}","lockDuration":1000}]}""", Ct))
            .ShouldBeError(400, "InvalidRequestException", "Cannot set query sortBy parameter to value");

    [Fact]
    public async Task FetchAndLock_MalformedJson_Is400WithEmptyMessage() =>
        (await Raw.PostAsync("external-task/fetchAndLock", """{"workerId": "w", "maxTasks": """, Ct))
            .ShouldBeError(400, "InvalidRequestException").Json.GetProperty("message").GetString().ShouldBe("");

    [Fact]
    public async Task FetchAndLock_NoTopics_ReturnsEmpty()
    {
        var response = await Raw.PostAsync("external-task/fetchAndLock", $$"""{"workerId":"{{Worker}}","maxTasks":5,"topics":[]}""", Ct);

        response.Status.ShouldBe(200);
        response.Json.GetArrayLength().ShouldBe(0);
    }
}
