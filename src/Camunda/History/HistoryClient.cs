using Bptl.Camunda.Http;
using Bptl.Camunda.Serialization;

namespace Bptl.Camunda.History;

/// <summary>The <c>/history</c> endpoints the client needs: process instances and the external-task log.</summary>
public sealed class HistoryClient
{
    private static readonly CamundaJsonContext Json = CamundaJsonContext.Default;
    private readonly CamundaHttp _http;

    internal HistoryClient(CamundaHttp http) => _http = http;

    /// <summary>A process instance, running or ended.</summary>
    public Task<HistoricProcessInstance> GetProcessInstanceAsync(string processInstanceId, CancellationToken cancellationToken = default) =>
        _http.GetAsync("history/process-instance/" + QueryString.Segment(processInstanceId), Json.HistoricProcessInstance, cancellationToken);

    /// <summary>Lists historic process instances.</summary>
    public async Task<IReadOnlyList<HistoricProcessInstance>> ListProcessInstancesAsync(HistoricProcessInstanceQuery? query = null,
        int? firstResult = null, int? maxResults = null, CancellationToken cancellationToken = default)
    {
        var path = new QueryString("history/process-instance")
            .Add("processInstanceId", query?.ProcessInstanceId)
            .Add("processInstanceBusinessKey", query?.ProcessInstanceBusinessKey)
            .Add("processDefinitionKey", query?.ProcessDefinitionKey)
            .Add("finished", query?.Finished)
            .Add("unfinished", query?.Unfinished)
            .Add("firstResult", firstResult)
            .Add("maxResults", maxResults);
        return await _http.GetAsync(path.ToString(), Json.ListHistoricProcessInstance, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Entries of the external-task log (recorded at history level <c>full</c>).</summary>
    public async Task<IReadOnlyList<ExternalTaskLogEntry>> ListExternalTaskLogAsync(ExternalTaskLogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var path = new QueryString("history/external-task-log")
            .Add("externalTaskId", query.ExternalTaskId)
            .Add("processInstanceId", query.ProcessInstanceId)
            .Add("topicName", query.TopicName)
            .Add("creationLog", query.CreationLog)
            .Add("failureLog", query.FailureLog)
            .Add("successLog", query.SuccessLog)
            .Add("deletionLog", query.DeletionLog);
        return await _http.GetAsync(path.ToString(), Json.ListExternalTaskLogEntry, cancellationToken).ConfigureAwait(false);
    }
}
