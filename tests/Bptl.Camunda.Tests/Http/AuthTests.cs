using System.Text;
using Bptl.Camunda.Auth;
using Bptl.Camunda.Errors;
using Bptl.Camunda.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Bptl.Camunda.Tests.Http;

public sealed class AuthTests : IAsyncLifetime
{
    private const string Version = """{"version":"7.23.0"}""";
    private FakePeer _engine = null!;
    private FakePeer _idp = null!;
    private int _tokensIssued;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _engine = await FakePeer.StartAsync(Ct);
        _idp = await FakePeer.StartAsync(Ct);
        _engine.Answer(200, Version);
        IssueTokens(lifetimeSeconds: 3600);
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _idp.DisposeAsync();
    }

    private void IssueTokens(int lifetimeSeconds) => _idp.Handle(async ctx =>
    {
        var n = Interlocked.Increment(ref _tokensIssued);
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync($$"""{"access_token":"token-{{n}}","token_type":"Bearer","expires_in":{{lifetimeSeconds}}}""", ctx.RequestAborted);
    });

    private CamundaClient OAuthClient(TimeProvider? time = null) => Clients.For(_engine.EngineAddress, o => o.Authentication = new CamundaAuthOptions
    {
        Mode = CamundaAuthMode.OAuth2ClientCredentials,
        TokenEndpoint = new Uri(_idp.BaseAddress, "token"),
        ClientId = "bptl",
        ClientSecret = "s3cret-value",
        Scope = "engine",
    }, time);

    [Fact]
    public async Task Basic_SendsTheBasicHeader()
    {
        using var client = Clients.For(_engine.EngineAddress, o => o.Authentication = new CamundaAuthOptions
        {
            Mode = CamundaAuthMode.Basic,
            UserName = "demo",
            Password = "pä:ss",
        });

        await client.GetVersionAsync(Ct);

        _engine.Requests.Single().Authorization.ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("demo:pä:ss")));
    }

    [Fact]
    public async Task Bearer_SendsTheStaticToken()
    {
        using var client = Clients.For(_engine.EngineAddress, o => o.Authentication = new CamundaAuthOptions
        {
            Mode = CamundaAuthMode.Bearer,
            BearerToken = "abc",
        });

        await client.GetVersionAsync(Ct);

        _engine.Requests.Single().Authorization.ShouldBe("Bearer abc");
    }

    [Fact]
    public async Task None_SendsNoHeader()
    {
        using var client = Clients.For(_engine.EngineAddress);

        (await client.GetVersionAsync(Ct)).ShouldBe("7.23.0");

        _engine.Requests.Single().Authorization.ShouldBeEmpty();
    }

    [Fact]
    public async Task OAuth2_AsksOnceAndCachesTheToken()
    {
        using var client = OAuthClient();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetVersionAsync(Ct)));

        _tokensIssued.ShouldBe(1);
        _engine.Requests.ShouldAllBe(r => r.Authorization == "Bearer token-1");
        var tokenRequest = _idp.Requests.Single();
        tokenRequest.Body.ShouldContain("grant_type=client_credentials");
        tokenRequest.Body.ShouldContain("client_id=bptl");
        tokenRequest.Body.ShouldContain("scope=engine");
    }

    [Fact]
    public async Task OAuth2_RefreshesBeforeTheTokenExpires()
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        IssueTokens(lifetimeSeconds: 300);
        using var client = OAuthClient(time);

        await client.GetVersionAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(269));
        await client.GetVersionAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(2));
        await client.GetVersionAsync(Ct);

        // 300 s tokens are refreshed 30 s early: the third call, at 271 s, gets a new one.
        _tokensIssued.ShouldBe(2);
        _engine.Requests.Select(r => r.Authorization).ShouldBe(["Bearer token-1", "Bearer token-1", "Bearer token-2"]);
    }

    [Fact]
    public async Task OAuth2_EngineRefusesTheToken_GetsANewOneAndResendsOnce()
    {
        using var client = OAuthClient();
        _engine.Handle(async ctx =>
        {
            if (ctx.Request.Headers.Authorization == "Bearer token-1")
            {
                ctx.Response.StatusCode = 401;
                return;
            }

            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(Version, ctx.RequestAborted);
        });

        (await client.GetVersionAsync(Ct)).ShouldBe("7.23.0");

        _tokensIssued.ShouldBe(2);
    }

    [Fact]
    public async Task OAuth2_TokenEndpointRefuses_IsUnauthorizedWithoutTheSecret()
    {
        _idp.Answer(401, """{"error":"invalid_client","error_description":"Client authentication failed"}""");
        using var client = OAuthClient();

        var error = await Should.ThrowAsync<CamundaUnauthorizedException>(() => client.GetVersionAsync(Ct));

        error.Message.ShouldContain("invalid_client: Client authentication failed");
        error.Message.ShouldNotContain("s3cret-value");
        _engine.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void RefreshAfter_NeverRefreshesBeforeHalfTheLifetime()
    {
        OAuth2TokenSource.RefreshAfter(TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(30)).ShouldBe(TimeSpan.FromSeconds(270));
        OAuth2TokenSource.RefreshAfter(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30)).ShouldBe(TimeSpan.FromSeconds(10));
    }

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
