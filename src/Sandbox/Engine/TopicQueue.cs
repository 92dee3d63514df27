namespace Bptl.Sandbox.Engine;

/// <summary>
/// The tasks of one topic, split by fetchability so fetchAndLock never scans locked tasks:
/// <c>ready</c> (ordered by creation) holds unlocked tasks, a min-heap by lock expiry holds locked
/// ones and is promoted into <c>ready</c> as locks run out, parked tasks (no retries) are in neither.
/// Heap entries are invalidated lazily through <see cref="ExternalTask.LockVersion"/>.
/// </summary>
internal sealed class TopicQueue
{
    private static readonly Comparer<ExternalTask> BySequence =
        Comparer<ExternalTask>.Create(static (a, b) => a.Sequence.CompareTo(b.Sequence));

    private readonly SortedSet<ExternalTask> _ready = new(BySequence);
    private readonly PriorityQueue<(ExternalTask Task, int Version), long> _timed = new();
    private readonly Dictionary<long, int> _priorityCounts = [];

    public TopicQueue(string name) => Name = name;

    public string Name { get; }

    public int Count { get; private set; }

    public SortedSet<ExternalTask> Ready => _ready;

    /// <summary>True when the topic's tasks carry more than one priority (ordering then needs a sort).</summary>
    public bool HasMixedPriorities => _priorityCounts.Count > 1;

    public void Add(ExternalTask task)
    {
        Count++;
        CountPriority(task.Priority, +1);
        Place(task, DateTimeOffset.MinValue);
    }

    public void Remove(ExternalTask task)
    {
        if (task.QueueState == TaskQueueState.Detached)
        {
            return;
        }

        Count--;
        CountPriority(task.Priority, -1);
        if (task.QueueState == TaskQueueState.Ready)
        {
            _ready.Remove(task);
        }

        task.LockVersion++;
        task.QueueState = TaskQueueState.Detached;
    }

    /// <summary>Re-files a task after its lock, retries or priority changed.</summary>
    public void Update(ExternalTask task, DateTimeOffset now)
    {
        if (task.QueueState == TaskQueueState.Detached)
        {
            return;
        }

        if (task.QueueState == TaskQueueState.Ready)
        {
            _ready.Remove(task);
        }

        task.LockVersion++;
        Place(task, now);
    }

    public void ChangePriority(ExternalTask task, long priority, DateTimeOffset now)
    {
        if (task.QueueState == TaskQueueState.Detached)
        {
            task.Priority = priority;
            return;
        }

        CountPriority(task.Priority, -1);
        if (task.QueueState == TaskQueueState.Ready)
        {
            _ready.Remove(task);
        }

        task.Priority = priority;
        CountPriority(priority, +1);
        task.LockVersion++;
        Place(task, now);
    }

    /// <summary>Moves tasks whose lock (or retry timeout) has run out into the ready set.</summary>
    public void PromoteExpired(DateTimeOffset now)
    {
        var nowTicks = now.UtcTicks;
        while (_timed.TryPeek(out var entry, out var expiry))
        {
            if (!IsCurrent(entry))
            {
                _timed.Dequeue();
                continue;
            }

            if (expiry > nowTicks)
            {
                return;
            }

            _timed.Dequeue();
            entry.Task.QueueState = TaskQueueState.Ready;
            _ready.Add(entry.Task);
        }
    }

    /// <summary>The earliest lock expiry of a locked task, or null.</summary>
    public long? NextExpiryTicks()
    {
        while (_timed.TryPeek(out var entry, out var expiry))
        {
            if (IsCurrent(entry))
            {
                return expiry;
            }

            _timed.Dequeue();
        }

        return null;
    }

    private static bool IsCurrent((ExternalTask Task, int Version) entry) =>
        entry.Task.QueueState == TaskQueueState.Timed && entry.Task.LockVersion == entry.Version;

    private void Place(ExternalTask task, DateTimeOffset now)
    {
        if (!task.HasRetriesLeft || task.Suspended)
        {
            task.QueueState = TaskQueueState.Parked;
        }
        else if (task.LockExpirationTime is { } expiry && expiry > now)
        {
            task.QueueState = TaskQueueState.Timed;
            _timed.Enqueue((task, task.LockVersion), expiry.UtcTicks);
        }
        else
        {
            task.QueueState = TaskQueueState.Ready;
            _ready.Add(task);
        }
    }

    private void CountPriority(long priority, int delta)
    {
        _priorityCounts.TryGetValue(priority, out var count);
        count += delta;
        if (count == 0)
        {
            _priorityCounts.Remove(priority);
        }
        else
        {
            _priorityCounts[priority] = count;
        }
    }
}
