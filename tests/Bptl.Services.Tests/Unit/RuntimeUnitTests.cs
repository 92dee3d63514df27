using Bptl.Services.Http;
using Bptl.Services.Model;
using Bptl.Services.Options;
using Bptl.Services.Runtime;
using Bptl.Services.Secrets;

namespace Bptl.Services.Tests.Unit;

public sealed class RuntimeUnitTests
{
    [Theory]
    [InlineData(3600, 3570)]
    [InlineData(40, 20)]
    [InlineData(2, 1)]
    public void RefreshAfter_IsEarlyByTheMargin_ButNeverBeforeHalfTheLife(int lifetime, int expected) =>
        OAuth2TokenCache.RefreshAfter(TimeSpan.FromSeconds(lifetime), OAuth2TokenCache.RefreshBeforeExpiry).ShouldBe(TimeSpan.FromSeconds(expected));

    [Theory]
    [InlineData("https://x.example", "https://x.example/")]
    [InlineData("https://x.example/api", "https://x.example/api/")]
    [InlineData("https://x.example/api/", "https://x.example/api/")]
    public void BaseAddress_EndsWithASlash(string url, string expected) =>
        ServiceRegistry.BaseAddress(new Uri(url)).ToString().ShouldBe(expected);

    [Theory]
    [InlineData(ServiceAuthKind.ApiKey, "0123456789abcdefWXYZ", "••••WXYZ")]
    [InlineData(ServiceAuthKind.ApiKey, "short", "set")]
    [InlineData(ServiceAuthKind.Basic, "a-very-long-password-indeed", "set")]
    public void Mask_ShowsOnlyTheTailOfLongKeys(ServiceAuthKind auth, string secret, string expected) =>
        SecretMask.Mask(auth, secret).ShouldBe(expected);

    [Fact]
    public void SeedValidator_ReportsEveryFailure_AndNoSecret()
    {
        var options = new ExternalServiceSeedOptions
        {
            Services =
            {
                ["ok"] = new ExternalServiceSeed { BaseUrl = "https://ok.example/" },
                ["no-url"] = new ExternalServiceSeed { Auth = ServiceAuthKind.Bearer },
                ["basic"] = new ExternalServiceSeed
                {
                    BaseUrl = "https://b.example/",
                    Auth = ServiceAuthKind.Basic,
                    Secret = "pw-only-no-user",
                    Apps = { ["app1"] = new ExternalServiceCredentialSeed { UserName = "ann" } },
                },
                ["oauth"] = new ExternalServiceSeed { BaseUrl = "https://o.example/", Auth = ServiceAuthKind.OAuth2ClientCredentials, ClientId = "c", Secret = "s" },
                ["none with secret"] = new ExternalServiceSeed { BaseUrl = "https://n.example/", Secret = "leaky-secret" },
            },
        };

        var result = new ExternalServiceSeedOptionsValidator().Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.Failures!.ShouldBe([
            "Bptl:Services:no-url: BaseUrl is required: an absolute http or https address.",
            "Bptl:Services:basic: default credential: UserName is required for Basic authentication (at most 1000 characters, no ':' or control characters).",
            "Bptl:Services:basic:Apps:app1: Secret is required for Basic authentication (the password).",
            "Bptl:Services:oauth: TokenUrl is required for OAuth2ClientCredentials authentication.",
            "Bptl:Services:none with secret: the name 'none with secret' must be 1 to 100 letters, digits, '_', '.' or '-', starting with a letter or digit.",
            "Bptl:Services:none with secret: default credential: the service has no authentication, so it takes no credentials.",
        ], ignoreOrder: true);
        result.FailureMessage.ShouldNotContain("pw-only-no-user");
        result.FailureMessage.ShouldNotContain("leaky-secret");
    }

    [Fact]
    public void OptionsValidator_ReportsEveryFailure()
    {
        var result = new ExternalServicesOptionsValidator().Validate(null, new ExternalServicesOptions
        {
            ApplicationName = " ",
            KeyCertificatePath = "/nonexistent/bptl.pfx",
            RefreshInterval = TimeSpan.Zero,
            MaxRecordedBodyLength = -1,
            StartupTimeout = TimeSpan.Zero,
        });

        result.Failures!.Count().ShouldBe(5);
    }
}
