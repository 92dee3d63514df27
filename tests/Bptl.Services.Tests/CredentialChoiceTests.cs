using Bptl.Grains.Interfaces.Services;
using Bptl.Grains.Services;
using Bptl.Services.Model;
using Bptl.Services.Tests.Support;
using Bptl.Testing;

namespace Bptl.Services.Tests;

public sealed class CredentialChoiceTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheProcessApplication_PicksItsCredential_OthersFallBackToTheDefault()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("zaken", "echo/", ("Auth", "ApiKey"), ("ApiKeyHeader", "X-Api-Key"), ("Secret", "default-key"),
            ("Apps:app1:Secret", "app1-key"), ("Apps:app2:Secret", "app2-key"));
        var host = await world.StartHostAsync();

        (await KeyAsync(host, "app1")).ShouldBe("app1-key");
        (await KeyAsync(host, "app2")).ShouldBe("app2-key");
        (await KeyAsync(host, "app3")).ShouldBe("default-key");
        (await KeyAsync(host, null)).ShouldBe("default-key");
    }

    [Fact]
    public async Task NoCredentialForTheApplication_AndNoDefault_ClearError()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("zaken", "echo/", ("Auth", "Bearer"), ("Apps:app1:Secret", "app1-token"));
        var host = await world.StartHostAsync();

        (await AuthorizationAsync(host, "app1")).ShouldBe("Bearer app1-token");
        var forOther = Should.Throw<ExternalServiceCredentialsException>(() => host.Run(new MemoryTaskTimeline(), "app2").Http("zaken"));
        forOther.Message.ShouldBe("External service 'zaken' has no credential for application 'app2' and no default credential.");
        forOther.AppId.ShouldBe("app2");
        var forNone = Should.Throw<ExternalServiceCredentialsException>(() => host.Run(new MemoryTaskTimeline()).Http("zaken"));
        forNone.Message.ShouldContain("has no default credential, and the process names no application (variable bptlAppId)");
    }

    [Fact]
    public async Task UnknownService_ThrowsAtOnce()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("zaken", "echo/");
        var host = await world.StartHostAsync();

        var error = Should.Throw<UnknownServiceException>(() => host.Run(new MemoryTaskTimeline()).Http("zakn"));

        error.ServiceName.ShouldBe("zakn");
    }

    [Fact]
    public async Task ServiceWithoutAuth_IgnoresTheApplication()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("open", "echo/");
        var host = await world.StartHostAsync();

        var echo = await AuthTests.EchoAsync(host.Run(new MemoryTaskTimeline(), "app1").Http("open"), "x");

        echo["headers"]!.AsObject().ContainsKey("authorization").ShouldBeFalse();
    }

    [Fact]
    public async Task CredentialAddedAtRunTime_IsUsedAfterTheRefresh()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("zaken", "echo/", ("Auth", "Bearer"), ("Secret", "default-token"));
        var host = await world.StartHostAsync();

        (await host.Store.SetCredentialAsync("zaken", new ExternalServiceCredential { AppId = "late", Secret = "late-token" }, Ct)).ShouldBeTrue();
        await host.Registry.RefreshAsync(Ct);

        (await AuthorizationAsync(host, "late")).ShouldBe("Bearer late-token");
    }

    private static async Task<string> KeyAsync(ServicesHost host, string? appId) =>
        (await AuthTests.EchoAsync(host.Run(new MemoryTaskTimeline(), appId).Http("zaken"), "x"))["headers"]!["x-api-key"]!.GetValue<string>();

    private static async Task<string> AuthorizationAsync(ServicesHost host, string? appId) =>
        (await AuthTests.EchoAsync(host.Run(new MemoryTaskTimeline(), appId).Http("zaken"), "x"))["headers"]!["authorization"]!.GetValue<string>();
}
