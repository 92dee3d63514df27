using System.Collections.Concurrent;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Bptl.Variables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bptl.Silo.Tests;

/// <summary>A built-in work unit in a real silo, with an external service seeded from configuration (its secret encrypted in PostgreSQL).</summary>
public sealed class BuiltInThroughSiloTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheHttpBuiltIn_CallsTheConfiguredServiceWithItsApiKey_AndTheNextTaskSeesTheResponse()
    {
        var seen = new ConcurrentQueue<(string Path, string? Key, string Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var peer = builder.Build();
        peer.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            seen.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers["X-Api-Key"], await reader.ReadToEndAsync(context.RequestAborted)));
            await context.Response.WriteAsJsonAsync(new { accepted = true, ticket = "T-9" }, context.RequestAborted);
        });
        await peer.StartAsync(Ct);

        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Configuration["Bptl:Services:tickets:BaseUrl"] = peer.Urls.First() + "/v1/";
        scenario.Configuration["Bptl:Services:tickets:Auth"] = "ApiKey";
        scenario.Configuration["Bptl:Services:tickets:ApiKeyHeader"] = "X-Api-Key";
        scenario.Configuration["Bptl:Services:tickets:Secret"] = "key-for-the-ticket-desk";
        var next = new TaskCompletionSource<VariableMap>(TaskCreationOptions.RunContinuationsAsynchronously);
        scenario.Topic("open-ticket", "bptl.http");
        scenario.Topic("probe", "probe");
        scenario.Scripts.Add("probe", ctx =>
        {
            next.TrySetResult(ctx.Variables);
            return Bptl.Grains.Interfaces.WorkUnits.WorkUnitResult.Complete();
        });
        await scenario.DeployAsync("ticket", Bpmn.TwoTasks("ticket", "open-ticket", "probe"));
        await scenario.StartSiloAsync("s1");
        await scenario.StartInstanceAsync("ticket", new VariableMap
        {
            ["service"] = "tickets",
            ["method"] = "POST",
            ["path"] = "tickets?customer={{customer}}",
            ["body"] = """{"subject": {{subject|json}}}""",
            ["customer"] = "C-1",
            ["subject"] = "Parcel lost",
        });

        var variables = await next.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        variables.Get<int>("httpStatus").ShouldBe(200);
        variables.Get<System.Text.Json.JsonElement>("httpResponse").GetProperty("ticket").GetString().ShouldBe("T-9");
        var request = seen.ShouldHaveSingleItem();
        request.Path.ShouldBe("/v1/tickets?customer=C-1");
        request.Key.ShouldBe("key-for-the-ticket-desk");
        request.Body.ShouldBe("""{"subject": "Parcel lost"}""");

        // At rest the key is encrypted, and the request is on the task's timeline without it.
        (await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_service_credential WHERE secret::text LIKE '%key-for-the-ticket-desk%'")).ShouldBe(0);
        var timeline = await scenario.ScalarAsync<string>("SELECT string_agg(detail::text, ' ') FROM bptl_task_event WHERE kind = 'http'");
        timeline.ShouldContain("/v1/tickets");
        timeline.ShouldNotContain("key-for-the-ticket-desk");
    }
}
