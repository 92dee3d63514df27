using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bptl.Grains.Services;
using Bptl.Services.Tests.Support;
using Bptl.Testing;

namespace Bptl.Services.Tests;

public sealed class AuthTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachAuthKind_SendsItsHeaders()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("open", "echo/open")
            .Service("keyed", "echo/keyed", ("Auth", "ApiKey"), ("ApiKeyHeader", "X-Api-Key"), ("Secret", "key-0123456789abcdef"))
            .Service("basic", "echo/basic", ("Auth", "Basic"), ("UserName", "ann"), ("Secret", "pa:ss wörd"))
            .Service("bearer", "echo/bearer", ("Auth", "Bearer"), ("Secret", "static-token-0123456789"))
            .OAuth2Service("oauth", ("Scope", "read write"));
        var host = await world.StartHostAsync();
        var services = host.Run(new MemoryTaskTimeline());

        var open = await EchoAsync(services.Http("open"), "x");
        open["headers"]!.AsObject().ContainsKey("authorization").ShouldBeFalse();
        open["path"]!.GetValue<string>().ShouldBe("/echo/open/x");

        var keyed = await EchoAsync(services.Http("keyed"), "x");
        keyed["headers"]!["x-api-key"]!.GetValue<string>().ShouldBe("key-0123456789abcdef");
        keyed["headers"]!.AsObject().ContainsKey("authorization").ShouldBeFalse();

        var basic = await EchoAsync(services.Http("basic"), "x");
        basic["headers"]!["authorization"]!.GetValue<string>()
            .ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ann:pa:ss wörd")));

        var bearer = await EchoAsync(services.Http("bearer"), "x");
        bearer["headers"]!["authorization"]!.GetValue<string>().ShouldBe("Bearer static-token-0123456789");

        var oauth = await services.Http("oauth").GetFromJsonAsync<JsonObject>("resource", Ct);
        oauth!["token"]!.GetValue<string>().ShouldStartWith("tok-");
        world.Peer.LastTokenForm["scope"].ShouldBe("read write");
        world.Peer.LastTokenForm["client_id"].ShouldBe(LoopbackPeer.ClientId);
    }

    [Fact]
    public async Task BaseUrlWithoutTrailingSlash_RelativePathsResolveUnderIt()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Configuration["Bptl:Services:api:BaseUrl"] = world.Peer.Url("echo/v1").ToString();
        var host = await world.StartHostAsync();

        var echo = await EchoAsync(host.Run(new MemoryTaskTimeline()).Http("api"), "orders/7");

        echo["path"]!.GetValue<string>().ShouldBe("/echo/v1/orders/7");
    }

    [Fact]
    public async Task WrongCredentials_TheWorkUnitGetsTheServicesAnswer()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("wrong", "oauth/", ("Auth", "Bearer"), ("Secret", "not-a-token-the-peer-knows"));
        var host = await world.StartHostAsync();

        using var response = await host.Run(new MemoryTaskTimeline()).Http("wrong").GetAsync("resource", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AWorkUnitsOwnHeaders_AreKept_ButTheApiKeyWins()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("keyed", "echo/", ("Auth", "ApiKey"), ("ApiKeyHeader", "X-Api-Key"), ("Secret", "the-real-key"));
        var host = await world.StartHostAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "x");
        request.Headers.Add("X-Api-Key", "forged");
        request.Headers.Add("X-Request-Id", "r1");

        using var response = await host.Run(new MemoryTaskTimeline()).Http("keyed").SendAsync(request, Ct);
        var echo = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        echo["headers"]!["x-api-key"]!.GetValue<string>().ShouldBe("the-real-key");
        echo["headers"]!["x-request-id"]!.GetValue<string>().ShouldBe("r1");
    }

    internal static async Task<JsonObject> EchoAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }
}
