using Bptl.Sandbox.Contracts;
using Bptl.Sandbox.Engine;
using Bptl.Sandbox.Faults;
using Bptl.Sandbox.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bptl.Sandbox.Http;

/// <summary><c>/deployment</c> and <c>/process-definition</c>: deploy, list, start.</summary>
internal static class ProcessEndpoints
{
    private static SandboxJsonContext Json => SandboxJsonContext.Wire;

    public static void Map(EndpointPipeline pipeline)
    {
        pipeline.Map("POST", "/deployment/create", SandboxEndpoint.Deploy, DeployAsync);
        pipeline.Map("DELETE", "/deployment/{id}", SandboxEndpoint.DeleteDeployment, DeleteDeployment);
        pipeline.Map("GET", "/process-definition", SandboxEndpoint.QueryProcessDefinitions, QueryAsync);
        pipeline.Map("GET", "/process-definition/count", SandboxEndpoint.CountProcessDefinitions, CountAsync);
        pipeline.Map("GET", "/process-definition/key/{key}", SandboxEndpoint.GetProcessDefinition, GetByKeyAsync);
        pipeline.Map("GET", "/process-definition/{id}", SandboxEndpoint.GetProcessDefinition, GetByIdAsync);
        pipeline.Map("POST", "/process-definition/key/{key}/start", SandboxEndpoint.StartProcessInstance, StartByKeyAsync);
        pipeline.Map("POST", "/process-definition/key/{key}/tenant-id/{tenantId}/start", SandboxEndpoint.StartProcessInstance, StartByKeyAsync);
        pipeline.Map("POST", "/process-definition/{id}/start", SandboxEndpoint.StartProcessInstance, StartByIdAsync);
    }

    private static async Task DeployAsync(HttpContext context, SandboxServices services)
    {
        var request = await DeploymentForm.ReadAsync(context);
        var result = services.Repository.Deploy(request, HttpIo.BaseUri(context));
        await HttpIo.WriteJsonAsync(context, result, Json.DeploymentWithDefinitionsDto);
    }

    private static Task DeleteDeployment(HttpContext context, SandboxServices services)
    {
        var cascade = new QueryParameters(context.Request.Query).Flag("cascade");
        services.Repository.DeleteDeployment(HttpIo.RouteValue(context, "id"), cascade);
        HttpIo.NoContent(context);
        return Task.CompletedTask;
    }

    private static Task QueryAsync(HttpContext context, SandboxServices services) =>
        HttpIo.WriteJsonAsync(context, services.Repository.Query(DefinitionQuery(context)), Json.ListProcessDefinitionDto);

    private static Task CountAsync(HttpContext context, SandboxServices services) =>
        HttpIo.WriteJsonAsync(context, new CountResultDto { Count = services.Repository.Count(DefinitionQuery(context)) }, Json.CountResultDto);

    private static Task GetByKeyAsync(HttpContext context, SandboxServices services) =>
        HttpIo.WriteJsonAsync(context, services.Repository.GetLatestByKey(HttpIo.RouteValue(context, "key")), Json.ProcessDefinitionDto);

    private static Task GetByIdAsync(HttpContext context, SandboxServices services) =>
        HttpIo.WriteJsonAsync(context, services.Repository.GetById(HttpIo.RouteValue(context, "id")), Json.ProcessDefinitionDto);

    private static async Task StartByKeyAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.StartProcessInstanceDto) ?? new StartProcessInstanceDto();
        var tenantId = context.Request.RouteValues.TryGetValue("tenantId", out var tenant) ? (string?)tenant : null;
        var result = services.Runtime.StartByKey(HttpIo.RouteValue(context, "key"), tenantId, dto, HttpIo.BaseUri(context));
        await WriteStartResultAsync(context, result);
    }

    private static async Task StartByIdAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.StartProcessInstanceDto) ?? new StartProcessInstanceDto();
        var result = services.Runtime.StartById(HttpIo.RouteValue(context, "id"), dto, HttpIo.BaseUri(context));
        await WriteStartResultAsync(context, result);
    }

    private static Task WriteStartResultAsync(HttpContext context, StartResult result)
    {
        if (result.Variables is null)
        {
            return HttpIo.WriteJsonAsync(context, result.Instance, Json.ProcessInstanceDto);
        }

        var instance = result.Instance;
        var withVariables = new ProcessInstanceWithVariablesDto
        {
            Links = instance.Links,
            Id = instance.Id,
            DefinitionId = instance.DefinitionId,
            DefinitionKey = instance.DefinitionKey,
            BusinessKey = instance.BusinessKey,
            CaseInstanceId = instance.CaseInstanceId,
            Ended = instance.Ended,
            Suspended = instance.Suspended,
            TenantId = instance.TenantId,
            Variables = result.Variables,
        };
        return HttpIo.WriteJsonAsync(context, withVariables, Json.ProcessInstanceWithVariablesDto);
    }

    private static ProcessDefinitionQuery DefinitionQuery(HttpContext context)
    {
        var q = new QueryParameters(context.Request.Query);
        return new ProcessDefinitionQuery
        {
            ProcessDefinitionId = q.String("processDefinitionId"),
            ProcessDefinitionIdIn = q.Set("processDefinitionIdIn"),
            Key = q.String("key"),
            KeysIn = q.Set("keysIn") ?? q.Set("keyIn"),
            Name = q.String("name"),
            DeploymentId = q.String("deploymentId"),
            Version = q.Int("version"),
            LatestVersion = q.Flag("latestVersion"),
            VersionTag = q.String("versionTag"),
            TenantIdIn = q.Set("tenantIdIn"),
            WithoutTenantId = q.Flag("withoutTenantId"),
            SortBy = q.String("sortBy"),
            SortOrder = q.String("sortOrder"),
            FirstResult = q.Int("firstResult"),
            MaxResults = q.Int("maxResults"),
        };
    }
}
