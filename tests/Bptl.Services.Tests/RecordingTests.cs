using System.Net.Http.Json;
using System.Text;
using Bptl.Grains.Services;
using Bptl.Services.Tests.Support;
using Bptl.Testing;

namespace Bptl.Services.Tests;

public sealed class RecordingTests(PostgresFixture postgres)
{
    private const string Key = "key-0123456789abcdef";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryRequest_IsRecorded_WithQuerySecretsHidden()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("zaken", "echo/", ("Auth", "ApiKey"), ("ApiKeyHeader", "X-Api-Key"), ("Secret", Key), ("Apps:app1:Secret", "app1-key-0123456789"));
        var host = await world.StartHostAsync();
        var timeline = new MemoryTaskTimeline();
        var client = host.Run(timeline, "app1").Http("zaken");

        using (await client.GetAsync("cases?id=7&api_key=leaked-in-query&Access_Token=t0&sig=x&name=ann", Ct))
        {
        }

        using (await client.PostAsync("cases", new StringContent("{}", Encoding.UTF8, "application/json"), Ct))
        {
        }

        timeline.Events.Count.ShouldBe(2);
        var (kind, detail) = timeline.Events[0];
        kind.ShouldBe("http");
        detail["method"]!.GetValue<string>().ShouldBe("GET");
        detail["url"]!.GetValue<string>().ShouldBe(world.Peer.Url("echo/cases").ToString() + "?id=7&api_key=***&Access_Token=***&sig=***&name=ann");
        detail["status"]!.GetValue<int>().ShouldBe(200);
        detail["durationMs"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(0);
        detail["service"]!.GetValue<string>().ShouldBe("zaken");
        detail["appId"]!.GetValue<string>().ShouldBe("app1");
        detail["credential"]!.GetValue<string>().ShouldBe("app1");
        detail.ContainsKey("requestBody").ShouldBeFalse();
        detail.ContainsKey("responseBody").ShouldBeFalse();
        timeline.Events[1].Detail["method"]!.GetValue<string>().ShouldBe("POST");
        timeline.Events.ShouldAllBe(e => !e.Detail.ToJsonString().Contains("leaked-in-query") && !e.Detail.ToJsonString().Contains("app1-key"));
    }

    [Fact]
    public async Task Bodies_WhenRecorded_HaveSecretsHidden()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("auth", "", ("Auth", "Bearer"), ("Secret", "bearer-0123456789"), ("RecordBodies", "true"));
        var host = await world.StartHostAsync();
        var timeline = new MemoryTaskTimeline();

        using var response = await host.Run(timeline).Http("auth").PostAsJsonAsync("login",
            new { user = "ann", password = "hunter2-secret", note = "my token is bearer-0123456789", count = 3, pin_code = 1234 }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        body.ShouldContain("session-abc-123");
        var detail = timeline.Events.Single().Detail;
        var sent = detail["requestBody"]!.GetValue<string>();
        sent.ShouldContain("\"user\":\"ann\"");
        sent.ShouldContain("\"password\":\"***\"");
        sent.ShouldContain("my token is ***");
        sent.ShouldContain("\"count\":3");
        sent.ShouldNotContain("hunter2");
        var received = detail["responseBody"]!.GetValue<string>();
        received.ShouldContain("\"sessionToken\":\"***\"");
        received.ShouldNotContain("session-abc-123");
        received.ShouldNotContain("hunter2");
    }

    [Fact]
    public async Task FormBodies_HaveSecretFieldsHidden()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("forms", "echo/", ("RecordBodies", "true"));
        var host = await world.StartHostAsync();
        var timeline = new MemoryTaskTimeline();

        using (await host.Run(timeline).Http("forms").PostAsync("f", new FormUrlEncodedContent([new("user", "ann"), new("client_secret", "s3cr3t-value")]), Ct))
        {
        }

        timeline.Events.Single().Detail["requestBody"]!.GetValue<string>().ShouldBe("user=ann&client_secret=***");
    }

    [Fact]
    public async Task AnOversizedBody_IsCutShort_AndTheWorkUnitStillReadsAllOfIt()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("big", "", ("RecordBodies", "true"));
        var host = await world.StartHostAsync(null, ("Bptl:ExternalServices:MaxRecordedBodyLength", "100"));
        var timeline = new MemoryTaskTimeline();

        var body = await host.Run(timeline).Http("big").GetStringAsync("big/20000", Ct);

        body.Length.ShouldBe(20_011);
        var recorded = timeline.Events.Single().Detail["responseBody"]!.GetValue<string>();
        recorded.ShouldStartWith("{\"data\":\"xxxx");
        recorded.ShouldEndWith("… (truncated: 20011 characters in all)");
        recorded.Length.ShouldBeLessThan(150);
    }

    [Fact]
    public async Task DefaultBodyLimit_Is4096Characters()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("big", "", ("RecordBodies", "true"));
        var host = await world.StartHostAsync();
        var timeline = new MemoryTaskTimeline();

        await host.Run(timeline).Http("big").GetStringAsync("big/10000", Ct);

        timeline.Events.Single().Detail["responseBody"]!.GetValue<string>().ShouldStartWith(
            "{\"data\":\"" + new string('x', 4096 - 9) + "… (truncated");
    }

    [Fact]
    public async Task AFailedRequest_IsRecordedWithItsError()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Configuration["Bptl:Services:down:BaseUrl"] = "http://127.0.0.1:1/";
        var host = await world.StartHostAsync();
        var timeline = new MemoryTaskTimeline();

        await Should.ThrowAsync<HttpRequestException>(() => host.Run(timeline).Http("down").GetAsync("x?password=p", Ct));

        var detail = timeline.Events.Single().Detail;
        detail["url"]!.GetValue<string>().ShouldBe("http://127.0.0.1:1/x?password=***");
        detail["error"]!.GetValue<string>().ShouldStartWith("HttpRequestException");
        detail.ContainsKey("status").ShouldBeFalse();
    }

    [Fact]
    public async Task ATimeout_IsRecordedAndThrown()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("slow", "", ("Timeout", "00:00:00.200"));
        var host = await world.StartHostAsync();
        var timeline = new MemoryTaskTimeline();

        await Should.ThrowAsync<TaskCanceledException>(() => host.Run(timeline).Http("slow").GetAsync("hang", Ct));

        timeline.Events.Single().Detail["error"]!.GetValue<string>().ShouldBe("cancelled or timed out");
    }
}
