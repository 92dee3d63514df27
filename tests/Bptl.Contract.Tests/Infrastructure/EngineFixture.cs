using System.Net.Http.Headers;
using System.Text;
using Bptl.Camunda;
using Bptl.Camunda.Auth;
using Bptl.Sandbox.Hosting;

[assembly: AssemblyFixture(typeof(Bptl.Contract.Tests.Infrastructure.EngineFixture))]

namespace Bptl.Contract.Tests.Infrastructure;

/// <summary>
/// The engine under test: the in-process sandbox by default, or any Camunda 7 engine when BPTL_ENGINE_URL is set
/// (its REST root, for example http://localhost:8080/engine-rest), with optional BPTL_ENGINE_USER and
/// BPTL_ENGINE_PASSWORD for basic auth. One per test run.
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public const string UrlVariable = "BPTL_ENGINE_URL";

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The in-process sandbox, or null against a real engine.</summary>
    public SandboxEngineHost? Sandbox { get; private set; }

    public bool IsSandbox => Sandbox is not null;

    public string? User { get; private set; }

    public string? Password { get; private set; }

    public CamundaClient Client { get; private set; } = null!;

    public RawEngine Raw { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (string.IsNullOrWhiteSpace(url))
        {
            Sandbox = await SandboxEngineHost.StartAsync(new SandboxOptions(), CancellationToken.None);
            BaseAddress = Sandbox.BaseAddress;
        }
        else
        {
            BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
            User = Environment.GetEnvironmentVariable("BPTL_ENGINE_USER");
            Password = Environment.GetEnvironmentVariable("BPTL_ENGINE_PASSWORD");
        }

        Client = CreateClient();
        Raw = new RawEngine(BaseAddress, AuthorizationHeader());
    }

    public CamundaClient CreateClient(Action<CamundaClientOptions>? configure = null)
    {
        var options = new CamundaClientOptions { BaseAddress = BaseAddress };
        if (User is not null)
        {
            options.Authentication = new CamundaAuthOptions { Mode = CamundaAuthMode.Basic, UserName = User, Password = Password ?? "" };
        }

        configure?.Invoke(options);
        return CamundaClient.Create(options);
    }

    /// <summary>Skips the calling test against a real engine: it needs the sandbox's fault injection or internals.</summary>
    public SandboxEngineHost RequireSandbox(string why)
    {
        if (Sandbox is null)
        {
            Assert.Skip($"Sandbox only ({why}); {UrlVariable} points at another engine.");
        }

        return Sandbox;
    }

    public AuthenticationHeaderValue? AuthorizationHeader() =>
        User is null ? null : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        Raw?.Dispose();
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }
    }
}
