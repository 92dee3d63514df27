namespace Bptl.Sandbox.Engine;

/// <summary><c>GET /process-definition</c> and <c>/count</c>.</summary>
internal sealed class ProcessDefinitionQuery
{
    private static readonly Dictionary<string, Func<ProcessDefinition, IComparable?>> SortKeys = new(StringComparer.Ordinal)
    {
        ["id"] = d => d.Id,
        ["key"] = d => d.Key,
        ["name"] = d => d.Model.Name,
        ["version"] = d => d.Version,
        ["deploymentId"] = d => d.DeploymentId,
        ["category"] = d => d.Category,
        ["tenantId"] = d => d.TenantId,
        ["versionTag"] = d => d.Model.VersionTag,
    };

    public string? ProcessDefinitionId { get; init; }

    public HashSet<string>? ProcessDefinitionIdIn { get; init; }

    public string? Key { get; init; }

    public HashSet<string>? KeysIn { get; init; }

    public string? Name { get; init; }

    public string? DeploymentId { get; init; }

    public int? Version { get; init; }

    public bool LatestVersion { get; init; }

    public string? VersionTag { get; init; }

    public HashSet<string>? TenantIdIn { get; init; }

    public bool WithoutTenantId { get; init; }

    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }

    public int? FirstResult { get; init; }

    public int? MaxResults { get; init; }

    public List<ProcessDefinition> Execute(EngineState state, bool paged = true)
    {
        var sort = QuerySupport.ParseSort(SortBy, SortOrder, SortKeys);
        var result = new List<ProcessDefinition>();
        foreach (var definition in state.Definitions.Values)
        {
            if (Matches(definition) && (!LatestVersion || ReferenceEquals(state.LatestDefinition(definition.Key, definition.TenantId), definition)))
            {
                result.Add(definition);
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key) is var byKey && byKey != 0 ? byKey : a.Version.CompareTo(b.Version));
        return paged
            ? QuerySupport.SortAndPage(result, sort is { } s ? [s] : [], FirstResult, MaxResults)
            : result;
    }

    private bool Matches(ProcessDefinition d) =>
        Eq(ProcessDefinitionId, d.Id) && QuerySupport.In(ProcessDefinitionIdIn, d.Id)
        && Eq(Key, d.Key) && QuerySupport.In(KeysIn, d.Key) && Eq(Name, d.Model.Name)
        && Eq(DeploymentId, d.DeploymentId) && (Version is null || Version == d.Version)
        && Eq(VersionTag, d.Model.VersionTag) && QuerySupport.In(TenantIdIn, d.TenantId)
        && (!WithoutTenantId || d.TenantId is null);

    private static bool Eq(string? filter, string? value) => filter is null || string.Equals(filter, value, StringComparison.Ordinal);
}
