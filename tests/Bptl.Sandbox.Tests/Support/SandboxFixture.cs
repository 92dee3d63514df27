using Bptl.Sandbox.Hosting;

namespace Bptl.Sandbox.Tests.Support;

/// <summary>One sandbox shared by the tests of a class; tests isolate themselves by unique keys and topics.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public SandboxEngineHost Engine { get; private set; } = null!;

    internal SandboxClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Engine = await SandboxEngineHost.StartAsync(new SandboxOptions(), CancellationToken.None);
        Client = new SandboxClient(Engine.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Engine.DisposeAsync();
    }
}
