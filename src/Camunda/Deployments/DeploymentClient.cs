using System.Net.Http.Headers;
using Bptl.Camunda.Http;
using Bptl.Camunda.Serialization;

namespace Bptl.Camunda.Deployments;

/// <summary>The <c>/deployment</c> endpoints.</summary>
public sealed class DeploymentClient
{
    private static readonly CamundaJsonContext Json = CamundaJsonContext.Default;
    private readonly CamundaHttp _http;

    internal DeploymentClient(CamundaHttp http) => _http = http;

    /// <summary>Deploys resources (multipart). A parse error answers 400 naming the problem.</summary>
    public async Task<Deployment> CreateAsync(CreateDeployment deployment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (deployment.Resources.Count == 0)
        {
            throw new ArgumentException("A deployment needs at least one resource.", nameof(deployment));
        }

        var form = new MultipartFormDataContent();
        AddText(form, "deployment-name", deployment.Name);
        AddText(form, "deployment-source", deployment.Source);
        AddText(form, "tenant-id", deployment.TenantId);
        AddText(form, "enable-duplicate-filtering", deployment.EnableDuplicateFiltering is { } d ? (d ? "true" : "false") : null);
        AddText(form, "deploy-changed-only", deployment.DeployChangedOnly is { } c ? (c ? "true" : "false") : null);
        foreach (var resource in deployment.Resources)
        {
            ArgumentException.ThrowIfNullOrEmpty(resource.FileName);
            var part = new ByteArrayContent(resource.Content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, resource.FileName, resource.FileName);
        }

        using var response = await _http.SendAsync(HttpMethod.Post, "deployment/create", form, RetrySafety.NotIdempotent, cancellationToken)
            .ConfigureAwait(false);
        return await CamundaHttp.ReadAsync(response, HttpMethod.Post, "deployment/create", Json.Deployment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a deployment; with <paramref name="cascade"/> also its running instances and history.</summary>
    public Task DeleteAsync(string deploymentId, bool cascade = true, CancellationToken cancellationToken = default)
    {
        var path = new QueryString("deployment/" + QueryString.Segment(deploymentId)).Add("cascade", cascade).ToString();
        return _http.SendEmptyAsync(HttpMethod.Delete, path, RetrySafety.Idempotent, cancellationToken);
    }

    private static void AddText(MultipartFormDataContent form, string name, string? value)
    {
        if (value is not null)
        {
            form.Add(new StringContent(value), name);
        }
    }
}
