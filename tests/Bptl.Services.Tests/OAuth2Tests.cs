using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bptl.Grains.Interfaces.Services;
using Bptl.Grains.Services;
using Bptl.Services.Tests.Support;
using Bptl.Testing;

namespace Bptl.Services.Tests;

public sealed class OAuth2Tests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Token_IsCachedAcrossCallsAndRuns_AndRefreshedAfterItExpires()
    {
        await using var world = await World.CreateAsync(postgres);
        world.OAuth2Service("oauth");
        world.Peer.TokenLifetimeSeconds = 600;
        var time = new ManualTime();
        var host = await world.StartHostAsync(time);

        var first = await TokenAsync(host.Run(new MemoryTaskTimeline()).Http("oauth"));
        var second = await TokenAsync(host.Run(new MemoryTaskTimeline()).Http("oauth"));
        var third = await TokenAsync(host.Run(new MemoryTaskTimeline(), "app1").Http("oauth"));

        second.ShouldBe(first);
        third.ShouldBe(first);
        world.Peer.TokenRequests.ShouldBe(1);

        // 600 s tokens are asked for again 30 s before they expire.
        time.Advance(TimeSpan.FromSeconds(569));
        (await TokenAsync(host.Run(new MemoryTaskTimeline()).Http("oauth"))).ShouldBe(first);
        time.Advance(TimeSpan.FromSeconds(2));
        var renewed = await TokenAsync(host.Run(new MemoryTaskTimeline()).Http("oauth"));

        renewed.ShouldNotBe(first);
        world.Peer.TokenRequests.ShouldBe(2);
    }

    [Fact]
    public async Task ManyRunsAtOnce_AskTheTokenEndpointOnce()
    {
        await using var world = await World.CreateAsync(postgres);
        world.OAuth2Service("oauth");
        var host = await world.StartHostAsync();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => TokenAsync(host.Run(new MemoryTaskTimeline()).Http("oauth"))));

        tokens.Distinct().Count().ShouldBe(1);
        world.Peer.TokenRequests.ShouldBe(1);
    }

    [Fact]
    public async Task RevokedToken_OneRefreshOnThe401_ThenTheRequestSucceeds()
    {
        await using var world = await World.CreateAsync(postgres);
        world.OAuth2Service("oauth");
        var host = await world.StartHostAsync();
        var timeline = new MemoryTaskTimeline();
        var client = host.Run(timeline).Http("oauth");
        var first = await TokenAsync(client);
        world.Peer.Revoke(first);

        var second = await TokenAsync(client);

        second.ShouldNotBe(first);
        world.Peer.TokenRequests.ShouldBe(2);
        timeline.Events.Count.ShouldBe(2);
        timeline.Events[1].Detail["status"]!.GetValue<int>().ShouldBe(200);
    }

    [Fact]
    public async Task ServiceRefusesEveryToken_The401GoesBackAfterOneRefresh()
    {
        await using var world = await World.CreateAsync(postgres);
        world.OAuth2Service("oauth");
        world.Configuration["Bptl:Services:oauth:BaseUrl"] = world.Peer.Url("status/401/").ToString();
        var host = await world.StartHostAsync();

        using var response = await host.Run(new MemoryTaskTimeline()).Http("oauth").GetAsync("", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        world.Peer.TokenRequests.ShouldBe(2);
    }

    [Fact]
    public async Task TokenEndpointRefusesTheClient_ClearExceptionNamingTheService_WithoutTheSecret()
    {
        await using var world = await World.CreateAsync(postgres);
        world.OAuth2Service("oauth", ("Secret", "a-wrong-client-secret-9876"));
        var host = await world.StartHostAsync();
        var timeline = new MemoryTaskTimeline();

        var error = await Should.ThrowAsync<ExternalServiceAuthenticationException>(() => host.Run(timeline).Http("oauth").GetAsync("resource", Ct));

        error.ServiceName.ShouldBe("oauth");
        error.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        error.Message.ShouldContain("External service 'oauth'");
        error.Message.ShouldContain("invalid_client");
        error.ToString().ShouldNotContain("a-wrong-client-secret-9876");
        timeline.Events.Single().Detail["error"]!.GetValue<string>().ShouldContain("ExternalServiceAuthenticationException");
        host.Logs.Lines.ShouldNotContain(l => l.Message.Contains("a-wrong-client-secret-9876", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TokenEndpointDown_ClearException_AndTheNextCallTriesAgain()
    {
        await using var world = await World.CreateAsync(postgres);
        world.OAuth2Service("oauth");
        world.Peer.TokenFailure = HttpStatusCode.ServiceUnavailable;
        var host = await world.StartHostAsync();
        var client = host.Run(new MemoryTaskTimeline()).Http("oauth");

        var error = await Should.ThrowAsync<ExternalServiceAuthenticationException>(() => client.GetAsync("resource", Ct));
        error.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        error.Message.ShouldContain("the provider is down");

        world.Peer.TokenFailure = null;
        (await TokenAsync(client)).ShouldStartWith("tok-");
        world.Peer.TokenRequests.ShouldBe(2);
    }

    [Fact]
    public async Task TokenEndpointUnreachable_ClearException()
    {
        await using var world = await World.CreateAsync(postgres);
        world.OAuth2Service("oauth", ("TokenUrl", "http://127.0.0.1:1/token"));
        var host = await world.StartHostAsync();

        var error = await Should.ThrowAsync<ExternalServiceAuthenticationException>(() => host.Run(new MemoryTaskTimeline()).Http("oauth").GetAsync("resource", Ct));

        error.Message.ShouldContain("External service 'oauth': its OAuth2 token endpoint http://127.0.0.1:1/token could not be reached");
    }

    [Fact]
    public async Task CredentialChanged_TheCachedTokenIsDropped()
    {
        await using var world = await World.CreateAsync(postgres);
        world.OAuth2Service("oauth");
        var host = await world.StartHostAsync();
        var first = await TokenAsync(host.Run(new MemoryTaskTimeline()).Http("oauth"));

        (await host.Store.UpdateAsync((await host.Store.GetAsync("oauth", Ct))!.Definition with { Scope = "other" }, Ct)).ShouldBeTrue();
        await host.Registry.RefreshAsync(Ct);
        var second = await TokenAsync(host.Run(new MemoryTaskTimeline()).Http("oauth"));

        second.ShouldNotBe(first);
        world.Peer.LastTokenForm["scope"].ShouldBe("other");
    }

    private static async Task<string> TokenAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonObject>("resource", Ct))!["token"]!.GetValue<string>();
}
