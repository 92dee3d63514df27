using Bptl.Grains.Tasks;

namespace Bptl.Silo.Membership;

/// <summary>
/// This silo's identity. The id is an incarnation: a silo the cluster declared dead (it could not reach the
/// database for too long) rejoins under a new id, so nothing it did before can be mistaken for its new work.
/// </summary>
internal sealed class SiloIdentity(string name) : ISiloIdentity
{
    private Incarnation _current = new(Guid.NewGuid());

    public Guid Id => Volatile.Read(ref _current).Id;

    public string Name { get; } = name;

    public void Renew() => Volatile.Write(ref _current, new Incarnation(Guid.NewGuid()));

    private sealed record Incarnation(Guid Id);
}
