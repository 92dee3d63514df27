using System.Collections.Frozen;
using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Topics;

namespace Bptl.Silo.Topics;

/// <summary>The topics' settings as last read from storage; replaced whole at every refresh.</summary>
internal sealed class TopicRegistry : ITopicSettingsSource
{
    private FrozenDictionary<TopicKey, TopicSettings> _topics = FrozenDictionary<TopicKey, TopicSettings>.Empty;

    public IReadOnlyCollection<TopicSettings> All => Volatile.Read(ref _topics).Values;

    public TopicSettings? Get(TopicKey topic) => Volatile.Read(ref _topics).GetValueOrDefault(topic);

    public void Update(IEnumerable<TopicSettings> topics) =>
        Volatile.Write(ref _topics, topics.ToFrozenDictionary(t => t.Key));
}
