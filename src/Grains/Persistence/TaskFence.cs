namespace Bptl.Grains.Persistence;

/// <summary>
/// What an activation's every write is conditioned on: the row, the silo that owns it, and the activation number.
/// A rescued or re-delivered task gets a new activation number, so a stale activation's writes match nothing.
/// </summary>
/// <param name="Id">The task row.</param>
/// <param name="Owner">The owning silo.</param>
/// <param name="Activation">The activation number the owner claimed.</param>
public readonly record struct TaskFence(long Id, Guid Owner, long Activation);
