using Bptl.Grains.Topics;

namespace Bptl.Silo.Claims;

/// <summary>Which silos may run a topic: they have its work unit, are in its group, and are not restricted to other topics.</summary>
internal static class Eligibility
{
    public static bool CanRun(string siloGroup, IReadOnlyCollection<string> workUnits, IReadOnlyCollection<string>? topics, TopicSettings topic) =>
        workUnits.Contains(topic.WorkUnit)
        && (topic.SiloGroup is null || string.Equals(topic.SiloGroup, siloGroup, StringComparison.Ordinal))
        && (topics is null || topics.Count == 0 || topics.Contains(topic.Key.Topic) || topics.Contains(topic.Key.ToString()));
}

/// <summary>This silo's own eligibility.</summary>
internal sealed class SiloEligibility(string group, IReadOnlyCollection<string> workUnits, IReadOnlyCollection<string> topics)
{
    public string Group { get; } = group;

    public IReadOnlyCollection<string> WorkUnits { get; } = workUnits;

    public IReadOnlyCollection<string> Topics { get; } = topics;

    public bool CanRun(TopicSettings topic) => Eligibility.CanRun(Group, WorkUnits, Topics, topic);
}
