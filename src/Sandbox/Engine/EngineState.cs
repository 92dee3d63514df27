namespace Bptl.Sandbox.Engine;

/// <summary>
/// Everything the engine holds in memory. Guarded by one lock, <see cref="Gate"/>: every read and
/// every change happens inside it, in short critical sections, so each REST call is atomic.
/// </summary>
internal sealed class EngineState
{
    public Lock Gate { get; } = new();

    public Dictionary<string, Deployment> Deployments { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ProcessDefinition> Definitions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ProcessInstance> Instances { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, HistoricProcessInstance> History { get; } = new(StringComparer.Ordinal);

    public ExternalTaskIndex Tasks { get; } = new();

    public MessageWaitIndex MessageWaits { get; } = new();

    public Dictionary<string, Incident> Incidents { get; } = new(StringComparer.Ordinal);

    public ExternalTaskLog TaskLog { get; } = new();

    private long _sequence;

    public long NextSequence() => ++_sequence;

    public ProcessDefinition? LatestDefinition(string key, string? tenantId)
    {
        ProcessDefinition? latest = null;
        foreach (var definition in Definitions.Values)
        {
            if (string.Equals(definition.Key, key, StringComparison.Ordinal)
                && string.Equals(definition.TenantId, tenantId, StringComparison.Ordinal)
                && (latest is null || definition.Version > latest.Version))
            {
                latest = definition;
            }
        }

        return latest;
    }

    /// <summary>Removes every incident raised for the task (on complete, deletion or retries set back above 0).</summary>
    public void RemoveIncidentsOf(ExternalTask task)
    {
        if (Incidents.Count == 0)
        {
            return;
        }

        List<string>? toRemove = null;
        foreach (var incident in Incidents.Values)
        {
            if (string.Equals(incident.Configuration, task.Id, StringComparison.Ordinal))
            {
                (toRemove ??= []).Add(incident.Id);
            }
        }

        if (toRemove is not null)
        {
            foreach (var id in toRemove)
            {
                Incidents.Remove(id);
            }
        }
    }
}
