using Bptl.Camunda;
using Bptl.Grains.Engines;

namespace Bptl.WorkUnitTesting;

/// <summary>Every engine name resolves to the sandbox.</summary>
internal sealed class SandboxEngineClients(CamundaClient client) : IEngineClients
{
    public const string Name = "sandbox";

    public CamundaClient Get(string engine) => client;

    public bool Has(string engine) => true;
}
