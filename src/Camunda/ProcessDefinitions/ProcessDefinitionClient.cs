using Bptl.Camunda.Http;
using Bptl.Camunda.ProcessInstances;
using Bptl.Camunda.Serialization;

namespace Bptl.Camunda.ProcessDefinitions;

/// <summary>The <c>/process-definition</c> endpoints: find definitions and start instances.</summary>
public sealed class ProcessDefinitionClient
{
    private static readonly CamundaJsonContext Json = CamundaJsonContext.Default;
    private readonly CamundaHttp _http;
    private readonly ProcessInstanceClient _processInstances;

    internal ProcessDefinitionClient(CamundaHttp http, ProcessInstanceClient processInstances)
    {
        _http = http;
        _processInstances = processInstances;
    }

    /// <summary>
    /// Starts the latest version of <paramref name="key"/> (of <paramref name="tenantId"/>, or without a tenant).
    /// Not retried after an attempt whose outcome is unknown: that could start two instances.
    /// </summary>
    public Task<ProcessInstance> StartByKeyAsync(string key, StartProcessInstance? body = null, string? tenantId = null,
        CancellationToken cancellationToken = default)
    {
        var path = tenantId is null
            ? $"process-definition/key/{QueryString.Segment(key)}/start"
            : $"process-definition/key/{QueryString.Segment(key)}/tenant-id/{QueryString.Segment(tenantId)}/start";
        return StartAsync(path, body, cancellationToken);
    }

    /// <summary>Starts a specific process definition (a specific version) by id.</summary>
    public Task<ProcessInstance> StartByIdAsync(string processDefinitionId, StartProcessInstance? body = null, CancellationToken cancellationToken = default) =>
        StartAsync($"process-definition/{QueryString.Segment(processDefinitionId)}/start", body, cancellationToken);

    /// <summary>Lists process definitions.</summary>
    public async Task<IReadOnlyList<ProcessDefinition>> ListAsync(ProcessDefinitionQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = new QueryString("process-definition")
            .Add("key", query?.Key)
            .Add("version", query?.Version)
            .Add("latestVersion", query?.LatestVersion)
            .Add("versionTag", query?.VersionTag)
            .Add("deploymentId", query?.DeploymentId)
            .Add("tenantIdIn", query?.TenantIdIn)
            .Add("withoutTenantId", query?.WithoutTenantId);
        return await _http.GetAsync(path.ToString(), Json.ListProcessDefinition, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ProcessInstance> StartAsync(string path, StartProcessInstance? body, CancellationToken cancellationToken)
    {
        var instance = await _http.SendAsync(HttpMethod.Post, path, body ?? new StartProcessInstance(), Json.StartProcessInstance,
            Json.ProcessInstance, RetrySafety.NotIdempotent, cancellationToken).ConfigureAwait(false);
        if (instance.Variables is { } variables)
        {
            _processInstances.AttachFileLoaders(instance.Id, variables);
        }

        return instance;
    }
}
