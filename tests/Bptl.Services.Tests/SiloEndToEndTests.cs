using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Services.Tests.Support;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Bptl.Variables;

namespace Bptl.Services.Tests;

public sealed class SiloEndToEndTests(PostgresFixture postgres)
{
    [Fact]
    public async Task AWorkUnit_CallsAServiceWithItsApplicationsCredential_AndTheRequestIsOnTheTaskTimeline()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var peer = await LoopbackPeer.StartAsync(ct);
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("call", "caller");
        scenario.Configuration["Bptl:Services:peer:BaseUrl"] = peer.Url("echo/").ToString();
        scenario.Configuration["Bptl:Services:peer:Auth"] = "ApiKey";
        scenario.Configuration["Bptl:Services:peer:ApiKeyHeader"] = "X-Api-Key";
        scenario.Configuration["Bptl:Services:peer:Secret"] = "default-key-0123456789";
        scenario.Configuration["Bptl:Services:peer:Apps:app1:Secret"] = "app1-key-0123456789";
        var keyUsed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        scenario.Scripts.Add("caller", async (context, token) =>
        {
            var echo = await context.Services.Http("peer").GetFromJsonAsync<JsonObject>("orders?access_token=in-the-query", token);
            keyUsed.TrySetResult(echo!["headers"]!["x-api-key"]!.GetValue<string>());
            return WorkUnitResult.Complete();
        });
        await scenario.DeployAsync("call", Bpmn.OneTask("call", "call"));
        await scenario.StartSiloAsync("s1");

        await scenario.StartInstanceAsync("call", new VariableMap { ["bptlAppId"] = "app1" });

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(30), "the task completed",
            scenario.Dump);
        (await keyUsed.Task.WaitAsync(ct)).ShouldBe("app1-key-0123456789");
        var detail = JsonNode.Parse(await scenario.ScalarAsync<string>(
            "SELECT e.detail::text FROM bptl_task_event e JOIN bptl_task t ON t.id = e.task WHERE e.kind = 'http'"))!;
        detail["method"]!.GetValue<string>().ShouldBe("GET");
        detail["url"]!.GetValue<string>().ShouldBe(peer.Url("echo/orders").ToString() + "?access_token=***");
        detail["status"]!.GetValue<int>().ShouldBe(200);
        detail["service"]!.GetValue<string>().ShouldBe("peer");
        detail["appId"]!.GetValue<string>().ShouldBe("app1");
    }
}
