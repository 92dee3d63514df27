using Bptl.Camunda.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Bptl.Camunda.Tests.Http;

public sealed class OptionsTests
{
    [Fact]
    public void Create_WithInvalidOptions_ReportsEveryProblemAtOnce()
    {
        var options = new CamundaClientOptions
        {
            BaseAddress = new Uri("ftp://engine/"),
            RequestTimeout = TimeSpan.Zero,
            Authentication = new CamundaAuthOptions { Mode = CamundaAuthMode.OAuth2ClientCredentials },
        };
        options.Retry.MaxAttempts = 0;

        var error = Should.Throw<OptionsValidationException>(() => CamundaClient.Create(options));

        error.Failures.ShouldContain(f => f.Contains("must be an absolute http or https address"));
        error.Failures.ShouldContain(f => f.Contains("RequestTimeout must be positive"));
        error.Failures.ShouldContain(f => f.Contains("Retry.MaxAttempts"));
        error.Failures.ShouldContain(f => f.Contains("needs an absolute TokenEndpoint"));
        error.Failures.ShouldContain(f => f.Contains("needs ClientId"));
        error.Failures.ShouldContain(f => f.Contains("needs ClientSecret"));
    }

    [Fact]
    public void AuthOptions_NeverPrintTheirSecrets()
    {
        var auth = new CamundaAuthOptions { Mode = CamundaAuthMode.Basic, UserName = "u", Password = "hunter2" };

        auth.ToString().ShouldNotContain("hunter2");
    }

    [Fact]
    public void AddCamundaClient_Twice_BuildsOneHandlerChainAndKeepsBothConfigurations()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCamundaClient(o => o.BaseAddress = new Uri("http://127.0.0.1:1/engine-rest/"));
        services.AddCamundaClient(o => o.RequestTimeout = TimeSpan.FromSeconds(7));
        using var provider = services.BuildServiceProvider();

        var factoryOptions = provider.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get("Bptl.Camunda:default");
        var options = provider.GetRequiredService<IOptionsMonitor<CamundaClientOptions>>().Get("default");

        factoryOptions.HttpMessageHandlerBuilderActions.Count.ShouldBe(3); // primary handler + resilience + auth
        options.BaseAddress.ShouldNotBeNull();
        options.RequestTimeout.ShouldBe(TimeSpan.FromSeconds(7));
        provider.GetRequiredService<CamundaClient>().ShouldNotBeNull();
    }

    [Fact]
    public void AddCamundaClient_WithoutAddress_FailsValidationWhenResolved()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCamundaClient(_ => { });
        using var provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<CamundaClientOptions>>().Get("default"));

        error.Message.ShouldContain("BaseAddress is required");
    }
}
