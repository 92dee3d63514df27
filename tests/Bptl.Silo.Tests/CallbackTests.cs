using System.Collections.Concurrent;
using System.Text.Json;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Bptl.Variables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bptl.Silo.Tests;

/// <summary>After a completion, a task whose process has <c>callbackUrl</c> is POSTed to it (retried, recorded on the timeline).</summary>
public sealed class CallbackTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACompletedTask_PostsItsOutputsToTheCallbackUrl_RetryingAFailedAttempt()
    {
        var received = new ConcurrentQueue<JsonElement>();
        var answered = 0;
        await using var peer = await StartPeerAsync(async context =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            received.Enqueue(document.RootElement.Clone());
            // The first attempt fails: the silo tries again.
            context.Response.StatusCode = Interlocked.Increment(ref answered) == 1 ? 503 : 204;
        });
        await using var scenario = await Scenario.CreateAsync(postgres);
        // A short fetch list: the runtime still fetches callbackUrl (and bptlAppId) for itself.
        scenario.Topic("invoice", "invoice", ("Variables:0", "orderId"));
        scenario.Scripts.Add("invoice", _ => WorkUnitResult.Complete(new VariableMap { ["invoiceNo"] = "INV-7" }));
        await scenario.DeployAsync("invoice", Bpmn.OneTask("invoice", "invoice"));
        await scenario.StartSiloAsync("s1", ("Bptl:Grains:CallbackBackoffInitial", "00:00:00.050"));
        var instance = await scenario.StartInstanceAsync("invoice", new VariableMap { ["callbackUrl"] = peer.Urls.First() + "/hooks/done?token=s3cret" },
            businessKey: "order-7");

        await Eventually.TrueAsync(() => Task.FromResult(received.Count == 2), TimeSpan.FromSeconds(30), "two callback attempts", scenario.Dump);
        var body = received.Last();
        body.GetProperty("event").GetString().ShouldBe("completed");
        body.GetProperty("processInstanceId").GetString().ShouldBe(instance.Id);
        body.GetProperty("businessKey").GetString().ShouldBe("order-7");
        body.GetProperty("topic").GetString().ShouldBe("invoice");
        body.GetProperty("variables").GetProperty("invoiceNo").GetProperty("value").GetString().ShouldBe("INV-7");

        await Eventually.TrueAsync(async () => await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_task_event WHERE kind = 'callback'") == 2,
            TimeSpan.FromSeconds(10), "both attempts on the timeline", scenario.Dump);
        var details = await scenario.ScalarAsync<string>("SELECT string_agg(detail::text, ' ' ORDER BY id) FROM bptl_task_event WHERE kind = 'callback'");
        details.ShouldContain("\"status\": 503");
        details.ShouldContain("\"status\": 204");
        details.ShouldNotContain("s3cret");
    }

    [Fact]
    public async Task ACallbackOwedBySiloThatStopped_IsSentByAnotherSilo()
    {
        var healthy = 0;
        var answers = new ConcurrentQueue<int>();
        await using var peer = await StartPeerAsync(context =>
        {
            var status = Volatile.Read(ref healthy) == 1 ? 204 : 503;
            answers.Enqueue(status);
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        });
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("invoice", "invoice");
        scenario.Scripts.Add("invoice", _ => WorkUnitResult.Complete());
        await scenario.DeployAsync("invoice", Bpmn.OneTask("invoice", "invoice"));
        var first = await scenario.StartSiloAsync("s1", ("Bptl:Grains:CallbackAttempts", "20"), ("Bptl:Grains:CallbackBackoffInitial", "00:00:00.200"),
            ("Bptl:Grains:CallbackBackoffMax", "00:00:00.400"));
        await scenario.StartInstanceAsync("invoice", new VariableMap { ["callbackUrl"] = peer.Urls.First() + "/hooks/done" });

        await Eventually.TrueAsync(() => Task.FromResult(!answers.IsEmpty), TimeSpan.FromSeconds(30), "a first, failed attempt", scenario.Dump);
        await first.StopAsync(Ct);
        (await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_task WHERE callback_due_at IS NOT NULL")).ShouldBe(1);
        Volatile.Write(ref healthy, 1);
        var second = await scenario.StartSiloAsync("s2", ("Bptl:Grains:CallbackScanInterval", "00:00:00.200"));

        await Eventually.TrueAsync(() => Task.FromResult(answers.Contains(204)), TimeSpan.FromSeconds(30), "the second silo sends it", scenario.Dump);
        await Eventually.TrueAsync(async () => await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_task WHERE callback_due_at IS NOT NULL") == 0,
            TimeSpan.FromSeconds(10), "the callback is done", scenario.Dump);
        var sentBy = await scenario.ScalarAsync<Guid>("SELECT silo FROM bptl_task_event WHERE kind = 'callback' AND detail->>'status' = '204'");
        sentBy.ShouldBe(second.Get<Bptl.Grains.Tasks.ISiloIdentity>().Id);
        answers.Count(a => a == 204).ShouldBe(1);
    }

    [Fact]
    public async Task ACallbackUrlThatIsNotHttp_IsRecordedAndSkipped_AndTheTaskStillCompletes()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("plain", "plain");
        scenario.Scripts.Add("plain", _ => WorkUnitResult.Complete());
        await scenario.DeployAsync("plain", Bpmn.OneTask("plain", "plain"));
        await scenario.StartSiloAsync("s1");
        await scenario.StartInstanceAsync("plain", new VariableMap { ["callbackUrl"] = "file:///etc/passwd" });

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(30), "completed", scenario.Dump);
        await Eventually.TrueAsync(async () => await scenario.ScalarAsync<long>("SELECT count(*) FROM bptl_task_event WHERE kind = 'callback'") == 1,
            TimeSpan.FromSeconds(10), "the skipped callback is on the timeline", scenario.Dump);
        (await scenario.ScalarAsync<string>("SELECT detail->>'error' FROM bptl_task_event WHERE kind = 'callback'")).ShouldContain("not an absolute http or https URL");
    }

    private static async Task<WebApplication> StartPeerAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(Ct);
        return app;
    }
}
