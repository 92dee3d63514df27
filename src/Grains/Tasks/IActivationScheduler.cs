using Bptl.Grains.Persistence;

namespace Bptl.Grains.Tasks;

/// <summary>Runs the activations and reports this silo owns.</summary>
public interface IActivationScheduler
{
    /// <summary>Starts an activation on a slot reserved for it.</summary>
    void Start(TaskRecord record);

    /// <summary>Hands a persisted outcome this silo owns to the reporter.</summary>
    void Report(TaskRecord record);
}

/// <summary>This silo's identity.</summary>
public interface ISiloIdentity
{
    /// <summary>The current incarnation's id: the owner of leases and activations.</summary>
    Guid Id { get; }

    /// <summary>The configured name.</summary>
    string Name { get; }
}
