using Bptl.Sandbox.Contracts;
using Bptl.Sandbox.Engine;
using Bptl.Sandbox.Faults;
using Bptl.Sandbox.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bptl.Sandbox.Http;

/// <summary><c>/history/process-instance</c>, <c>/incident</c>, <c>/version</c> and <c>/engine</c>.</summary>
internal static class HistoryEndpoints
{
    public const string Version = "7.23.0";

    private static SandboxJsonContext Json => SandboxJsonContext.Wire;

    public static void Map(EndpointPipeline pipeline)
    {
        pipeline.Map("GET", "/history/process-instance", SandboxEndpoint.QueryHistoricProcessInstances, QueryHistoryAsync);
        pipeline.Map("GET", "/history/process-instance/count", SandboxEndpoint.CountHistoricProcessInstances, CountHistoryAsync);
        pipeline.Map("GET", "/history/process-instance/{id}", SandboxEndpoint.GetHistoricProcessInstance, GetHistoryAsync);
        pipeline.Map("GET", "/history/external-task-log", SandboxEndpoint.QueryExternalTaskLog, (context, services) =>
            HttpIo.WriteJsonAsync(context, services.Runtime.QueryExternalTaskLog(TaskLogQuery(context)), Json.ListHistoricExternalTaskLogDto));
        pipeline.Map("GET", "/history/external-task-log/count", SandboxEndpoint.CountExternalTaskLog, (context, services) =>
            HttpIo.WriteJsonAsync(context, new CountResultDto { Count = services.Runtime.CountExternalTaskLog(TaskLogQuery(context)) }, Json.CountResultDto));
        pipeline.Map("GET", "/incident", SandboxEndpoint.QueryIncidents, QueryIncidentsAsync);
        pipeline.Map("GET", "/incident/count", SandboxEndpoint.CountIncidents, CountIncidentsAsync);
        pipeline.Map("GET", "/version", SandboxEndpoint.Version, (context, _) =>
            HttpIo.WriteJsonAsync(context, new VersionDto { Version = Version }, Json.VersionDto));
        pipeline.Map("GET", "/engine", SandboxEndpoint.Engine, (context, _) =>
            HttpIo.WriteJsonAsync(context, [new ProcessEngineDto { Name = "default" }], Json.ListProcessEngineDto));
    }

    private static Task QueryHistoryAsync(HttpContext context, SandboxServices services) =>
        HttpIo.WriteJsonAsync(context, services.Runtime.QueryHistory(HistoryQuery(context)), Json.ListHistoricProcessInstanceDto);

    private static Task CountHistoryAsync(HttpContext context, SandboxServices services) =>
        HttpIo.WriteJsonAsync(context, new CountResultDto { Count = services.Runtime.CountHistory(HistoryQuery(context)) }, Json.CountResultDto);

    private static Task GetHistoryAsync(HttpContext context, SandboxServices services) =>
        HttpIo.WriteJsonAsync(context, services.Runtime.GetHistory(HttpIo.RouteValue(context, "id")), Json.HistoricProcessInstanceDto);

    private static Task QueryIncidentsAsync(HttpContext context, SandboxServices services) =>
        HttpIo.WriteJsonAsync(context, services.Runtime.QueryIncidents(IncidentQuery(context)), Json.ListIncidentDto);

    private static Task CountIncidentsAsync(HttpContext context, SandboxServices services) =>
        HttpIo.WriteJsonAsync(context, new CountResultDto { Count = services.Runtime.CountIncidents(IncidentQuery(context)) }, Json.CountResultDto);

    private static HistoricProcessInstanceQuery HistoryQuery(HttpContext context)
    {
        var q = new QueryParameters(context.Request.Query);
        return new HistoricProcessInstanceQuery
        {
            ProcessInstanceId = q.String("processInstanceId"),
            ProcessInstanceIds = q.Set("processInstanceIds"),
            BusinessKey = q.String("processInstanceBusinessKey") ?? q.String("businessKey"),
            ProcessDefinitionId = q.String("processDefinitionId"),
            ProcessDefinitionKey = q.String("processDefinitionKey"),
            Finished = q.Flag("finished"),
            Unfinished = q.Flag("unfinished"),
            Completed = q.Flag("completed"),
            ExternallyTerminated = q.Flag("externallyTerminated"),
            InternallyTerminated = q.Flag("internallyTerminated"),
            Active = q.Flag("active"),
            TenantIdIn = q.Set("tenantIdIn"),
            WithoutTenantId = q.Flag("withoutTenantId"),
            SortBy = q.String("sortBy"),
            SortOrder = q.String("sortOrder"),
            FirstResult = q.Int("firstResult"),
            MaxResults = q.Int("maxResults"),
        };
    }

    private static ExternalTaskLogQuery TaskLogQuery(HttpContext context)
    {
        var q = new QueryParameters(context.Request.Query);
        return new ExternalTaskLogQuery
        {
            ExternalTaskId = q.String("externalTaskId"),
            TopicName = q.String("topicName"),
            WorkerId = q.String("workerId"),
            ProcessInstanceId = q.String("processInstanceId"),
            ActivityId = q.String("activityIdIn") ?? q.String("activityId"),
            CreationLog = q.Flag("creationLog"),
            FailureLog = q.Flag("failureLog"),
            SuccessLog = q.Flag("successLog"),
            DeletionLog = q.Flag("deletionLog"),
            FirstResult = q.Int("firstResult"),
            MaxResults = q.Int("maxResults"),
        };
    }

    private static IncidentQuery IncidentQuery(HttpContext context)
    {
        var q = new QueryParameters(context.Request.Query);
        return new IncidentQuery
        {
            IncidentId = q.String("incidentId"),
            IncidentType = q.String("incidentType"),
            IncidentMessage = q.String("incidentMessage"),
            ProcessDefinitionId = q.String("processDefinitionId"),
            ProcessInstanceId = q.String("processInstanceId"),
            ExecutionId = q.String("executionId"),
            ActivityId = q.String("activityId"),
            Configuration = q.String("configuration"),
            TenantIdIn = q.Set("tenantIdIn"),
            SortBy = q.String("sortBy"),
            SortOrder = q.String("sortOrder"),
            FirstResult = q.Int("firstResult"),
            MaxResults = q.Int("maxResults"),
        };
    }
}
