namespace Bptl.Grains.Persistence;

/// <summary>A claimed completion callback: the completed task and which attempt this is.</summary>
/// <param name="Record">The task grain's row.</param>
/// <param name="Attempt">1 for the first attempt.</param>
public sealed record CallbackDue(TaskRecord Record, int Attempt);
