using Bptl.Sandbox.Contracts;
using Bptl.Sandbox.Engine;
using Bptl.Sandbox.Faults;
using Bptl.Sandbox.Hosting;
using Bptl.Sandbox.Variables;
using Microsoft.AspNetCore.Http;

namespace Bptl.Sandbox.Http;

/// <summary><c>/process-instance</c>: read, list, delete, and the variable endpoints.</summary>
internal static class ProcessInstanceEndpoints
{
    private static SandboxJsonContext Json => SandboxJsonContext.Wire;

    public static void Map(EndpointPipeline pipeline)
    {
        pipeline.Map("GET", "/process-instance", SandboxEndpoint.QueryProcessInstances, QueryAsync);
        pipeline.Map("GET", "/process-instance/count", SandboxEndpoint.CountProcessInstances, CountAsync);
        pipeline.Map("GET", "/process-instance/{id}", SandboxEndpoint.GetProcessInstance, GetAsync);
        pipeline.Map("DELETE", "/process-instance/{id}", SandboxEndpoint.DeleteProcessInstance, Delete);
        pipeline.Map("GET", "/process-instance/{id}/variables", SandboxEndpoint.GetVariables, GetVariablesAsync);
        pipeline.Map("POST", "/process-instance/{id}/variables", SandboxEndpoint.ModifyVariables, ModifyVariablesAsync);
        pipeline.Map("GET", "/process-instance/{id}/variables/{name}", SandboxEndpoint.GetVariable, GetVariableAsync);
        pipeline.Map("PUT", "/process-instance/{id}/variables/{name}", SandboxEndpoint.PutVariable, PutVariableAsync);
        pipeline.Map("DELETE", "/process-instance/{id}/variables/{name}", SandboxEndpoint.DeleteVariable, DeleteVariable);
        pipeline.Map("GET", "/process-instance/{id}/variables/{name}/data", SandboxEndpoint.GetVariableData, GetVariableDataAsync);
        pipeline.Map("POST", "/process-instance/{id}/variables/{name}/data", SandboxEndpoint.PostVariableData, PostVariableDataAsync);
    }

    private static Task QueryAsync(HttpContext context, SandboxServices services) =>
        HttpIo.WriteJsonAsync(context, services.Runtime.Query(InstanceQuery(context), HttpIo.BaseUri(context)), Json.ListProcessInstanceDto);

    private static Task CountAsync(HttpContext context, SandboxServices services) =>
        HttpIo.WriteJsonAsync(context, new CountResultDto { Count = services.Runtime.Count(InstanceQuery(context)) }, Json.CountResultDto);

    private static Task GetAsync(HttpContext context, SandboxServices services) =>
        HttpIo.WriteJsonAsync(context, services.Runtime.Get(HttpIo.RouteValue(context, "id"), HttpIo.BaseUri(context)), Json.ProcessInstanceDto);

    private static Task Delete(HttpContext context, SandboxServices services)
    {
        services.Runtime.Delete(HttpIo.RouteValue(context, "id"));
        HttpIo.NoContent(context);
        return Task.CompletedTask;
    }

    private static Task GetVariablesAsync(HttpContext context, SandboxServices services)
    {
        var deserialize = new QueryParameters(context.Request.Query).Bool("deserializeValues") ?? true;
        var variables = services.Runtime.GetVariables(HttpIo.RouteValue(context, "id"), deserialize);
        return HttpIo.WriteJsonAsync(context, variables, Json.VariableMapOutput);
    }

    private static async Task ModifyVariablesAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.PatchVariablesDto) ?? new PatchVariablesDto();
        services.Runtime.ModifyVariables(HttpIo.RouteValue(context, "id"), dto.Modifications, dto.Deletions);
        HttpIo.NoContent(context);
    }

    private static Task GetVariableAsync(HttpContext context, SandboxServices services)
    {
        var deserialize = new QueryParameters(context.Request.Query).Bool("deserializeValue") ?? true;
        var value = services.Runtime.GetVariable(HttpIo.RouteValue(context, "id"), HttpIo.RouteValue(context, "name"));
        return HttpIo.WriteJsonAsync(context, new SingleVariableOutput(value, deserialize, services.Context.Zone), Json.SingleVariableOutput);
    }

    private static async Task PutVariableAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.VariableValueDto);
        services.Runtime.PutVariable(HttpIo.RouteValue(context, "id"), HttpIo.RouteValue(context, "name"), dto);
        HttpIo.NoContent(context);
    }

    private static Task DeleteVariable(HttpContext context, SandboxServices services)
    {
        services.Runtime.DeleteVariable(HttpIo.RouteValue(context, "id"), HttpIo.RouteValue(context, "name"));
        HttpIo.NoContent(context);
        return Task.CompletedTask;
    }

    private static async Task GetVariableDataAsync(HttpContext context, SandboxServices services)
    {
        var value = services.Runtime.GetBinaryVariable(HttpIo.RouteValue(context, "id"), HttpIo.RouteValue(context, "name"));
        if (value.Value is not byte[] content)
        {
            HttpIo.NoContent(context);
            return;
        }

        var response = context.Response;
        if (value.Kind == VariableKind.File)
        {
            response.ContentType = value.MimeType is null
                ? "application/octet-stream"
                : value.MimeType + (value.Encoding is null ? string.Empty : "; charset=" + value.Encoding);
            response.Headers.ContentDisposition = "attachment; filename=\"" + value.Filename + "\"";
        }
        else
        {
            response.ContentType = "application/octet-stream";
        }

        response.ContentLength = content.Length;
        await response.Body.WriteAsync(content, context.RequestAborted);
    }

    /// <summary>Multipart with a <c>data</c> part and an optional <c>valueType</c> part (Bytes or File).</summary>
    private static async Task PostVariableDataAsync(HttpContext context, SandboxServices services)
    {
        MultipartPart? data = null;
        string valueType = "Bytes";
        await foreach (var part in MultipartParts.ReadAsync(context))
        {
            if (part.Name == "data")
            {
                data = part;
            }
            else if (part.Name == "valueType")
            {
                valueType = System.Text.Encoding.UTF8.GetString(part.Content).Trim();
            }
        }

        var name = HttpIo.RouteValue(context, "name");
        if (data is null)
        {
            throw Errors.InvalidRequest(400, "No form part with name 'data' found.");
        }

        if (!VariableKinds.TryParse(valueType, out var kind, out _) || kind is not (VariableKind.Bytes or VariableKind.File))
        {
            throw Errors.InvalidRequest(400, "Cannot put process instance variable " + name + ": Unsupported value type '" + valueType + "'");
        }

        TypedValue value;
        if (kind == VariableKind.Bytes)
        {
            value = new TypedValue(VariableKind.Bytes, data.Content);
        }
        else
        {
            if (data.FileName is null)
            {
                throw Errors.IllegalArgument("Cannot create file without filename! Please set a name into ValueInfo with key filename");
            }

            var (mimeType, encoding) = SplitContentType(data.ContentType);
            value = new TypedValue(VariableKind.File, data.Content) { Filename = data.FileName, MimeType = mimeType, Encoding = encoding };
        }

        services.Runtime.SetVariable(HttpIo.RouteValue(context, "id"), name, value);
        HttpIo.NoContent(context);
    }

    private static (string? MimeType, string? Encoding) SplitContentType(string? contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return ("application/octet-stream", null);
        }

        return (parsed.MediaType.Value, parsed.Charset.HasValue ? parsed.Charset.Value : null);
    }

    private static ProcessInstanceQuery InstanceQuery(HttpContext context)
    {
        var q = new QueryParameters(context.Request.Query);
        return new ProcessInstanceQuery
        {
            ProcessInstanceIds = q.Set("processInstanceIds"),
            BusinessKey = q.String("businessKey"),
            BusinessKeyLike = q.String("businessKeyLike"),
            ProcessDefinitionKey = q.String("processDefinitionKey"),
            ProcessDefinitionId = q.String("processDefinitionId"),
            Active = q.Flag("active"),
            Suspended = q.Flag("suspended"),
            TenantIdIn = q.Set("tenantIdIn"),
            WithoutTenantId = q.Flag("withoutTenantId"),
            SortBy = q.String("sortBy"),
            SortOrder = q.String("sortOrder"),
            FirstResult = q.Int("firstResult"),
            MaxResults = q.Int("maxResults"),
        };
    }
}
