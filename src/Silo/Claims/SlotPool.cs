using Bptl.Grains.Interfaces.Grains;

namespace Bptl.Silo.Claims;

/// <summary>
/// This silo's execution slots: a total, and a limit per topic. Slots are reserved before a task starts (by a
/// poller for what it fetches, by the dispatcher for what it claims) and released when its activation ends.
/// </summary>
internal sealed class SlotPool(int total)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TopicKey, int> _byTopic = [];
    private int _used;

    public int Total { get; } = total;

    public AsyncPulse Released { get; } = new();

    public int Used
    {
        get
        {
            lock (_gate)
            {
                return _used;
            }
        }
    }

    public int Free => Total - Used;

    /// <summary>Reserves up to <paramref name="wanted"/> slots for <paramref name="topic"/>, within the total and the topic's limit.</summary>
    public int Reserve(TopicKey topic, int topicLimit, int wanted)
    {
        lock (_gate)
        {
            var inTopic = _byTopic.GetValueOrDefault(topic);
            var granted = Math.Min(wanted, Math.Min(Total - _used, topicLimit - inTopic));
            if (granted <= 0)
            {
                return 0;
            }

            _used += granted;
            _byTopic[topic] = inTopic + granted;
            return granted;
        }
    }

    public void Release(TopicKey topic, int slots)
    {
        if (slots <= 0)
        {
            return;
        }

        lock (_gate)
        {
            _used -= slots;
            var left = _byTopic.GetValueOrDefault(topic) - slots;
            if (left <= 0)
            {
                _byTopic.Remove(topic);
            }
            else
            {
                _byTopic[topic] = left;
            }
        }

        Released.Pulse();
    }

    /// <summary>Slots free for <paramref name="topic"/> under its limit.</summary>
    public int FreeFor(TopicKey topic, int topicLimit)
    {
        lock (_gate)
        {
            return Math.Max(0, Math.Min(Total - _used, topicLimit - _byTopic.GetValueOrDefault(topic)));
        }
    }
}
