using System.Net.Http.Headers;
using System.Text;
using Bptl.Sandbox.Hosting;
using Bptl.Sandbox.Tests.Support;

namespace Bptl.Sandbox.Tests.Http;

public sealed class AuthTests : IAsyncLifetime
{
    private SandboxEngineHost _engine = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _engine = await SandboxEngineHost.StartAsync(new SandboxOptions { UserName = "demo", Password = "s3cret" }, Ct);

    public async ValueTask DisposeAsync() => await _engine.DisposeAsync();

    private static AuthenticationHeaderValue Basic(string raw) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));

    public static TheoryData<string> BadCredentials => new() { "", "demo:wrong", "no-colon", "wrong:s3cret" };

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public async Task Request_WithoutValidCredentials_Returns401WithChallengeAndNoBody(string credentials)
    {
        using var client = new SandboxClient(_engine.BaseAddress, credentials.Length == 0 ? null : Basic(credentials));

        var reply = await client.GetAsync("version");

        reply.Status.ShouldBe(401);
        reply.Body.ShouldBeEmpty();
        reply.Headers.WwwAuthenticate.ToString().ShouldBe("Basic realm=\"default\"");
    }

    [Fact]
    public async Task Request_WithMalformedHeader_Returns401()
    {
        using var client = new SandboxClient(_engine.BaseAddress, new AuthenticationHeaderValue("Basic", "%%%"));

        (await client.GetAsync("version")).Status.ShouldBe(401);
    }

    [Fact]
    public async Task Request_WithValidCredentials_IsServed()
    {
        using var client = new SandboxClient(_engine.BaseAddress, Basic("demo:s3cret"));

        (await client.GetAsync("version")).ShouldBeStatus(200);
        (await client.GetAsync("engine/default/version")).ShouldBeStatus(200);
    }

    [Fact]
    public async Task GetEngine_IsExemptFromAuthentication()
    {
        using var client = new SandboxClient(_engine.BaseAddress);

        (await client.GetAsync("engine")).ShouldBeStatus(200).Body.ShouldBe("""[{"name":"default"}]""");
    }
}
