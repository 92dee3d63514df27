using Bptl.Camunda.Http;
using Bptl.Camunda.Serialization;

namespace Bptl.Camunda.Incidents;

/// <summary>The <c>/incident</c> endpoints.</summary>
public sealed class IncidentClient
{
    private static readonly CamundaJsonContext Json = CamundaJsonContext.Default;
    private readonly CamundaHttp _http;

    internal IncidentClient(CamundaHttp http) => _http = http;

    /// <summary>Lists open incidents.</summary>
    public async Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery? query = null, CancellationToken cancellationToken = default) =>
        await _http.GetAsync(Build("incident", query), Json.ListIncident, cancellationToken).ConfigureAwait(false);

    /// <summary>Counts open incidents.</summary>
    public async Task<long> CountAsync(IncidentQuery? query = null, CancellationToken cancellationToken = default) =>
        (await _http.GetAsync(Build("incident/count", query), Json.CountResult, cancellationToken).ConfigureAwait(false)).Count;

    private static string Build(string path, IncidentQuery? query) =>
        new QueryString(path)
            .Add("incidentId", query?.IncidentId)
            .Add("incidentType", query?.IncidentType)
            .Add("processInstanceId", query?.ProcessInstanceId)
            .Add("configuration", query?.Configuration)
            .Add("activityId", query?.ActivityId)
            .ToString();
}
