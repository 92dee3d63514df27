using Bptl.Camunda;

namespace Bptl.Grains.Engines;

/// <summary>The engines this silo talks to, by configured name.</summary>
public interface IEngineClients
{
    /// <summary>The client of <paramref name="engine"/>; throws for an engine that is not configured.</summary>
    CamundaClient Get(string engine);

    /// <summary>True when <paramref name="engine"/> is configured.</summary>
    bool Has(string engine);
}
