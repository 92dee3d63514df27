using Bptl.Grains.Interfaces.WorkUnits;

namespace Bptl.Grains.Tasks;

/// <summary>The work units registered in this silo, by name.</summary>
public sealed class WorkUnitCatalog
{
    private readonly Dictionary<string, WorkUnitRegistration> _byName;

    /// <summary>Builds the catalog from the registrations made with <c>AddWorkUnit</c>.</summary>
    public WorkUnitCatalog(IEnumerable<WorkUnitRegistration> registrations)
    {
        _byName = new Dictionary<string, WorkUnitRegistration>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            _byName.TryAdd(registration.Name, registration);
        }

        Names = [.. _byName.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The registered names, sorted.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The registration of <paramref name="name"/>, or null.</summary>
    public WorkUnitRegistration? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>True when <paramref name="name"/> is registered.</summary>
    public bool Has(string name) => _byName.ContainsKey(name);
}
