namespace Bptl.Grains.Interfaces.Grains;

/// <summary>The identity of a task grain: one per external task of one engine.</summary>
/// <param name="Engine">The engine's configured name.</param>
/// <param name="TaskId">The external task's id in that engine.</param>
public readonly record struct TaskGrainKey(string Engine, string TaskId)
{
    /// <inheritdoc />
    public override string ToString() => Engine + "/" + TaskId;
}

/// <summary>The identity of a topic poller grain: one per topic of one engine, in the whole cluster.</summary>
/// <param name="Engine">The engine's configured name.</param>
/// <param name="Topic">The topic.</param>
public readonly record struct TopicKey(string Engine, string Topic)
{
    /// <inheritdoc />
    public override string ToString() => Engine + "/" + Topic;
}
