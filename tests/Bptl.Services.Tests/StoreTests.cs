using Bptl.Grains.Services;
using Bptl.Services.Model;
using Bptl.Services.Secrets;
using Bptl.Services.Store;
using Bptl.Services.Tests.Support;
using Bptl.Testing;

namespace Bptl.Services.Tests;

public sealed class StoreTests(PostgresFixture postgres)
{
    private const string ApiKey = "sk-live-0123456789abcdefWXYZ";
    private const string Password = "correct horse battery staple";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Secrets_AreEncryptedAtRest_AndReadableByASecondSilo()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("zaken", "echo/", ("Auth", "ApiKey"), ("ApiKeyHeader", "X-Api-Key"), ("Secret", ApiKey));
        var first = await world.StartHostAsync();
        (await first.Store.CreateAsync(new ExternalServiceDefinition { Name = "ldap", BaseUrl = world.Peer.Url("echo/"), Auth = ServiceAuthKind.Basic }, Ct))
            .ShouldBeTrue();
        (await first.Store.SetCredentialAsync("ldap", new ExternalServiceCredential { UserName = "ann", Secret = Password }, Ct)).ShouldBeTrue();

        var rows = await world.ScalarAsync<string>("SELECT string_agg(row_to_json(c)::text, ' ') FROM bptl_service_credential c");
        rows.ShouldNotBeNull();
        rows.ShouldNotContain(ApiKey);
        rows.ShouldNotContain("0123456789abcdef");
        rows.ShouldNotContain(Password);
        rows.ShouldContain("ann");
        (await world.ScalarAsync<long>("SELECT count(*) FROM bptl_service_credential WHERE secret IS NULL")).ShouldBe(0);
        (await world.ScalarAsync<long>("SELECT count(*) FROM bptl_data_protection_key")).ShouldBe(1);

        // Another silo: its own data source and Data Protection, the same database.
        var second = await world.StartHostAsync();
        var echo = await AuthTests.EchoAsync(second.Run(new MemoryTaskTimeline()).Http("zaken"), "x");
        echo["headers"]!["x-api-key"]!.GetValue<string>().ShouldBe(ApiKey);
        (await second.Store.GetAsync("ldap", Ct))!.Credentials.Single().Secret.ShouldBe(SecretMask.Set);
        (await world.ScalarAsync<long>("SELECT count(*) FROM bptl_data_protection_key")).ShouldBe(1);
    }

    [Fact]
    public async Task SilosStartingTogether_OnAnEmptyKeyRing_ShareOneKey()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("zaken", "echo/", ("Auth", "Bearer"), ("Secret", "token-of-the-seed"));

        var hosts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => world.StartHostAsync()));

        (await world.ScalarAsync<long>("SELECT count(*) FROM bptl_data_protection_key")).ShouldBe(1);
        foreach (var host in hosts)
        {
            (await AuthTests.EchoAsync(host.Run(new MemoryTaskTimeline()).Http("zaken"), "x"))["headers"]!["authorization"]!.GetValue<string>()
                .ShouldBe("Bearer token-of-the-seed");
        }
    }

    [Fact]
    public async Task TheStore_NeverShowsASecretInClear()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("zaken", "echo/", ("Auth", "ApiKey"), ("ApiKeyHeader", "X-Api-Key"), ("Secret", ApiKey), ("Apps:short:Secret", "tiny"))
            .Service("ldap", "echo/", ("Auth", "Basic"), ("UserName", "ann"), ("Secret", Password))
            .Service("open", "echo/");
        var host = await world.StartHostAsync();

        var all = await host.Store.ListAsync(Ct);

        all.Select(s => s.Definition.Name).ShouldBe(["ldap", "open", "zaken"]);
        var zaken = all.Single(s => s.Definition.Name == "zaken");
        zaken.Credentials.Select(c => (c.AppId, c.Secret)).ShouldBe([(null, "••••WXYZ"), ("short", SecretMask.Set)]);
        all.Single(s => s.Definition.Name == "ldap").Credentials.Single().Secret.ShouldBe(SecretMask.Set);
        all.Single(s => s.Definition.Name == "open").Credentials.ShouldBeEmpty();
        zaken.Definition.ToString().ShouldNotContain(ApiKey);
    }

    [Fact]
    public async Task UpdatingACredential_WithoutASecret_KeepsTheSecret()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("ldap", "echo/", ("Auth", "Basic"), ("UserName", "ann"), ("Secret", Password));
        var host = await world.StartHostAsync();

        (await host.Store.SetCredentialAsync("ldap", new ExternalServiceCredential { UserName = "bob" }, Ct)).ShouldBeTrue();
        await host.Registry.RefreshAsync(Ct);

        var echo = await AuthTests.EchoAsync(host.Run(new MemoryTaskTimeline()).Http("ldap"), "x");
        echo["headers"]!["authorization"]!.GetValue<string>()
            .ShouldBe("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("bob:" + Password)));
    }

    [Fact]
    public async Task CreateUpdateDelete_ReportWhatHappened()
    {
        await using var world = await World.CreateAsync(postgres);
        var host = await world.StartHostAsync();
        var service = new ExternalServiceDefinition
        {
            Name = "crm",
            BaseUrl = new Uri("https://crm.example/api/"),
            Auth = ServiceAuthKind.OAuth2ClientCredentials,
            TokenUrl = new Uri("https://login.example/token"),
            Scope = "crm.read",
            Timeout = TimeSpan.FromSeconds(12),
            RecordBodies = true,
        };

        (await host.Store.CreateAsync(service, Ct)).ShouldBeTrue();
        (await host.Store.CreateAsync(service, Ct)).ShouldBeFalse();
        (await host.Store.GetAsync("crm", Ct))!.Definition.ShouldBe(service);
        (await host.Store.UpdateAsync(service with { Name = "nope" }, Ct)).ShouldBeFalse();
        (await host.Store.UpdateAsync(service with { Timeout = null }, Ct)).ShouldBeTrue();
        var updated = (await host.Store.GetAsync("crm", Ct))!;
        updated.Definition.Timeout.ShouldBeNull();
        updated.Revision.ShouldBe(2);
        (await host.Store.SetCredentialAsync("nope", new ExternalServiceCredential { ClientId = "c", Secret = "s" }, Ct)).ShouldBeFalse();
        (await host.Store.SetCredentialAsync("crm", new ExternalServiceCredential { AppId = "a", ClientId = "c", Secret = "s" }, Ct)).ShouldBeTrue();
        (await host.Store.DeleteCredentialAsync("crm", "a", Ct)).ShouldBeTrue();
        (await host.Store.DeleteCredentialAsync("crm", "a", Ct)).ShouldBeFalse();
        (await host.Store.SetCredentialAsync("crm", new ExternalServiceCredential { ClientId = "c", Secret = "s" }, Ct)).ShouldBeTrue();
        (await host.Store.DeleteAsync("crm", Ct)).ShouldBeTrue();
        (await host.Store.DeleteAsync("crm", Ct)).ShouldBeFalse();
        (await world.ScalarAsync<long>("SELECT count(*) FROM bptl_service_credential")).ShouldBe(0);
    }

    [Fact]
    public async Task InvalidInput_ReportsEveryProblem_WithoutTheSecret()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("ldap", "echo/", ("Auth", "Basic"), ("UserName", "ann"), ("Secret", Password));
        var host = await world.StartHostAsync();

        var service = await Should.ThrowAsync<ExternalServiceValidationException>(() => host.Store.CreateAsync(new ExternalServiceDefinition
        {
            Name = "bad name",
            BaseUrl = new Uri("ftp://files.example/"),
            Auth = ServiceAuthKind.ApiKey,
            TokenUrl = new Uri("https://login.example/token"),
            Timeout = TimeSpan.Zero,
        }, Ct));
        service.Failures.Count.ShouldBe(5);

        var credential = await Should.ThrowAsync<ExternalServiceValidationException>(() => host.Store.SetCredentialAsync("ldap",
            new ExternalServiceCredential { AppId = "new", ClientId = "c", Secret = "bad\nsecret-value" }, Ct));
        credential.Failures.Count.ShouldBe(3);
        credential.Message.ShouldNotContain("secret-value");

        var missingSecret = await Should.ThrowAsync<ExternalServiceValidationException>(() => host.Store.SetCredentialAsync("ldap",
            new ExternalServiceCredential { AppId = "new", UserName = "bob" }, Ct));
        missingSecret.Failures.ShouldBe(["Service 'ldap': Secret is required for Basic authentication (the password)."]);
    }

    [Fact]
    public async Task Seeds_CreateWhatIsMissing_AndNeverOverwriteAdminChanges()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("zaken", "echo/", ("Auth", "Bearer"), ("Secret", "seeded-token"), ("Timeout", "00:00:10"));
        var first = await world.StartHostAsync();
        var current = (await first.Store.GetAsync("zaken", Ct))!;
        (await first.Store.UpdateAsync(current.Definition with { Timeout = TimeSpan.FromSeconds(99) }, Ct)).ShouldBeTrue();
        (await first.Store.SetCredentialAsync("zaken", new ExternalServiceCredential { Secret = "admin-token" }, Ct)).ShouldBeTrue();

        world.Service("zaken", "echo/", ("Apps:app1:Secret", "app1-token")).Service("extra", "echo/");
        var second = await world.StartHostAsync();

        var zaken = (await second.Store.GetAsync("zaken", Ct))!;
        zaken.Definition.Timeout.ShouldBe(TimeSpan.FromSeconds(99));
        zaken.Credentials.Select(c => c.AppId).ShouldBe([null, "app1"]);
        (await AuthTests.EchoAsync(second.Run(new MemoryTaskTimeline()).Http("zaken"), "x"))["headers"]!["authorization"]!.GetValue<string>()
            .ShouldBe("Bearer admin-token");
        (await second.Store.GetAsync("extra", Ct)).ShouldNotBeNull();
    }

    [Fact]
    public async Task AChangeInOneSilo_ReachesTheOthersAtOnce()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("zaken", "echo/one/");
        var admin = await world.StartHostAsync();
        var silo = await world.StartHostAsync(null, ("Bptl:ExternalServices:RefreshInterval", "01:00:00"));

        var current = (await admin.Store.GetAsync("zaken", Ct))!;
        await admin.Store.UpdateAsync(current.Definition with { BaseUrl = world.Peer.Url("echo/two/") }, Ct);
        await admin.Store.CreateAsync(new ExternalServiceDefinition { Name = "fresh", BaseUrl = world.Peer.Url("echo/") }, Ct);

        await Bptl.Testing.Cluster.Eventually.TrueAsync(() => Task.FromResult(silo.Registry.Names.Contains("fresh")), TimeSpan.FromSeconds(10),
            "the silo heard of the new service");
        (await AuthTests.EchoAsync(silo.Run(new MemoryTaskTimeline()).Http("zaken"), "x"))["path"]!.GetValue<string>().ShouldBe("/echo/two/x");

        await admin.Store.DeleteAsync("fresh", Ct);
        await Bptl.Testing.Cluster.Eventually.TrueAsync(() => Task.FromResult(!silo.Registry.Names.Contains("fresh")), TimeSpan.FromSeconds(10),
            "the silo heard the service was deleted");
        Should.Throw<Grains.Interfaces.Services.UnknownServiceException>(() => silo.Run(new MemoryTaskTimeline()).Http("fresh"));
    }

    [Fact]
    public async Task ASecretWhoseKeyIsGone_IsUnreadable_AndTheWorkUnitIsToldWhy()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("zaken", "echo/", ("Auth", "Bearer"), ("Secret", "token-0123456789abcdef"));
        (await world.StartHostAsync()).ShouldNotBeNull();
        await world.ScalarAsync<object>("DELETE FROM bptl_data_protection_key");

        var fresh = await world.StartHostAsync();

        (await fresh.Store.GetAsync("zaken", Ct))!.Credentials.Single().Secret.ShouldBe(SecretMask.Unreadable);
        var error = Should.Throw<Grains.Interfaces.Services.ExternalServiceCredentialsException>(() => fresh.Run(new MemoryTaskTimeline()).Http("zaken"));
        error.Message.ShouldContain("the default credential cannot be decrypted");
        fresh.Logs.Lines.ShouldContain(l => l.Message.Contains("cannot be decrypted", StringComparison.Ordinal));
    }
}
