namespace Bptl.Demo.Monitoring;

/// <summary>The self-check (--check): which of the demo's paths have shown up so far.</summary>
internal sealed record PathCheck(IReadOnlyList<(string Path, bool Seen)> Paths)
{
    public bool AllSeen => Paths.All(p => p.Seen);

    public IEnumerable<string> Missing => Paths.Where(p => !p.Seen).Select(p => p.Path);

    public static PathCheck Of(DemoSnapshot snapshot, int siloCount)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var busySilos = snapshot.Silos.Where(s => s.Reported > 0).Select(s => s.Name).Distinct(StringComparer.Ordinal).Count();
        return new PathCheck(
        [
            ("process instances finished", snapshot.InstancesFinished > 0),
            ($"tasks reported by all {siloCount} silos", busySilos >= siloCount),
            ("a failure retried", snapshot.RetriedFailures > 0),
            ("an incident (retries used up)", snapshot.OpenIncidents > 0 && snapshot.Tasks("incident") > 0),
            ("a BPMN error caught by the boundary event", snapshot.Tasks("bpmn_error") > 0),
            ("an engine lock extended during slow work", snapshot.LockExtensions > 0),
        ]);
    }
}
