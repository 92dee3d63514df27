using System.Net.Http.Headers;
using Bptl.Camunda;
using Bptl.Camunda.Auth;
using Bptl.Camunda.Errors;
using Bptl.Contract.Tests.Infrastructure;
using Bptl.Sandbox.Hosting;

namespace Bptl.Contract.Tests;

/// <summary>
/// Basic auth: against the sandbox a second, protected sandbox is started; against a real engine these run when
/// BPTL_ENGINE_USER is set (the engine then has authentication on).
/// </summary>
public sealed class AuthTests(EngineFixture engine) : ContractTest(engine)
{
    private SandboxEngineHost? _protected;

    private async Task<(Uri Address, string User, string Password)> ProtectedEngineAsync()
    {
        if (Engine.IsSandbox)
        {
            _protected = await SandboxEngineHost.StartAsync(new SandboxOptions { UserName = "demo", Password = "s3cret" }, Ct);
            return (_protected.BaseAddress, "demo", "s3cret");
        }

        if (Engine.User is null)
        {
            Assert.Skip("The engine under test has no credentials configured (BPTL_ENGINE_USER).");
        }

        return (Engine.BaseAddress, Engine.User, Engine.Password ?? "");
    }

    [Fact]
    public async Task NoCredentials_Is401WithAChallengeAndNoBody()
    {
        var (address, _, _) = await ProtectedEngineAsync();
        using var raw = new RawEngine(address, null);

        var response = await raw.GetAsync("external-task/count", Ct);

        response.Status.ShouldBe(401);
        response.WwwAuthenticate.ShouldBe("Basic realm=\"default\"");
        response.Body.ShouldBeEmpty();
    }

    [Fact]
    public async Task WrongCredentials_Is401()
    {
        var (address, user, _) = await ProtectedEngineAsync();
        using var raw = new RawEngine(address, new AuthenticationHeaderValue("Basic", Convert.ToBase64String("x:y"u8.ToArray())));

        (await raw.GetAsync("external-task/count", Ct)).Status.ShouldBe(401);
        using var client = CamundaClient.Create(new CamundaClientOptions
        {
            BaseAddress = address,
            Authentication = new CamundaAuthOptions { Mode = CamundaAuthMode.Basic, UserName = user, Password = "wrong" },
        });
        (await Should.ThrowAsync<CamundaUnauthorizedException>(() => client.GetVersionAsync(Ct))).Kind.ShouldBe(CamundaErrorKind.Unauthorized);
    }

    [Fact]
    public async Task RightCredentials_AreAccepted_AndTheEngineListIsOpen()
    {
        var (address, user, password) = await ProtectedEngineAsync();
        using var client = CamundaClient.Create(new CamundaClientOptions
        {
            BaseAddress = address,
            Authentication = new CamundaAuthOptions { Mode = CamundaAuthMode.Basic, UserName = user, Password = password },
        });
        using var anonymous = new RawEngine(address, null);

        (await client.GetVersionAsync(Ct)).ShouldStartWith("7.");
        (await anonymous.GetAsync("engine", Ct)).Status.ShouldBe(200);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_protected is not null)
        {
            await _protected.DisposeAsync();
        }
    }
}
