namespace Bptl.Sandbox.Engine;

/// <summary>All external tasks by id and by topic.</summary>
internal sealed class ExternalTaskIndex
{
    private readonly Dictionary<string, ExternalTask> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TopicQueue> _byTopic = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    public IEnumerable<ExternalTask> All => _byId.Values;

    public IEnumerable<TopicQueue> Topics => _byTopic.Values;

    public bool TryGet(string id, out ExternalTask task) => _byId.TryGetValue(id, out task!);

    public TopicQueue? Topic(string name) => _byTopic.GetValueOrDefault(name);

    public void Add(ExternalTask task)
    {
        _byId.Add(task.Id, task);
        if (!_byTopic.TryGetValue(task.TopicName, out var queue))
        {
            queue = new TopicQueue(task.TopicName);
            _byTopic.Add(task.TopicName, queue);
        }

        queue.Add(task);
    }

    public void Remove(ExternalTask task)
    {
        if (_byId.Remove(task.Id) && _byTopic.TryGetValue(task.TopicName, out var queue))
        {
            queue.Remove(task);
        }
    }

    public void Update(ExternalTask task, DateTimeOffset now) => Topic(task.TopicName)?.Update(task, now);

    /// <summary>The earliest lock or retry-timeout expiry over all topics.</summary>
    public DateTimeOffset? NextExpiry()
    {
        long? best = null;
        foreach (var queue in _byTopic.Values)
        {
            if (queue.NextExpiryTicks() is { } ticks && (best is null || ticks < best))
            {
                best = ticks;
            }
        }

        return best is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
    }
}
