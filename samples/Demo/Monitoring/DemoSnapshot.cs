namespace Bptl.Demo.Monitoring;

/// <summary>What the demo shows at one moment: the engine's view of the instances and the grain runtime's tables.</summary>
internal sealed record DemoSnapshot
{
    public required TimeSpan Elapsed { get; init; }

    public required long InstancesStarted { get; init; }

    public required long InstancesFinished { get; init; }

    public required long InstancesRunning { get; init; }

    /// <summary>Open incidents in the engine.</summary>
    public required long OpenIncidents { get; init; }

    /// <summary>Task grains per state (<c>bptl_task.state</c>).</summary>
    public required IReadOnlyDictionary<string, long> TasksByState { get; init; }

    /// <summary>Failures reported with retries left.</summary>
    public required long RetriedFailures { get; init; }

    /// <summary>Engine locks extended while a work unit ran.</summary>
    public required long LockExtensions { get; init; }

    public required IReadOnlyList<SiloRow> Silos { get; init; }

    public long Tasks(string state) => TasksByState.GetValueOrDefault(state);
}

/// <summary>A silo incarnation as <c>bptl_silo</c>, <c>bptl_topic_lease</c> and <c>bptl_task_event</c> show it.</summary>
internal sealed record SiloRow(string Name, string Status, IReadOnlyList<string> Topics, long Reported);
