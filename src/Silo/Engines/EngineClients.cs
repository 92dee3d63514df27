using System.Collections.Concurrent;
using Bptl.Camunda;
using Bptl.Grains.Engines;

namespace Bptl.Silo.Engines;

/// <summary>The configured engines' clients, one long-lived client each (connections are pooled and recycled).</summary>
internal sealed class EngineClients(CamundaClientFactory factory, IReadOnlyCollection<string> names) : IEngineClients, IDisposable
{
    private readonly ConcurrentDictionary<string, CamundaClient> _clients = new(StringComparer.Ordinal);

    public CamundaClient Get(string engine)
    {
        if (!names.Contains(engine))
        {
            throw new InvalidOperationException($"Engine '{engine}' is not configured (Bptl:Engines has {string.Join(", ", names)}).");
        }

        return _clients.GetOrAdd(engine, factory.Create);
    }

    public bool Has(string engine) => names.Contains(engine);

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}
