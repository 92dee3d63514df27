using Bptl.Sandbox.Contracts;
using Bptl.Sandbox.Engine;
using Bptl.Sandbox.Faults;
using Bptl.Sandbox.Hosting;
using Bptl.Sandbox.LongPolling;
using Bptl.Sandbox.Variables;
using Microsoft.AspNetCore.Http;

namespace Bptl.Sandbox.Http;

/// <summary><c>/external-task</c>: fetch-and-lock, the worker calls, queries and admin calls.</summary>
internal static class ExternalTaskEndpoints
{
    private static SandboxJsonContext Json => SandboxJsonContext.Wire;

    public static void Map(EndpointPipeline pipeline)
    {
        pipeline.Map("POST", "/external-task/fetchAndLock", SandboxEndpoint.FetchAndLock, FetchAndLockAsync);
        pipeline.Map("POST", "/external-task/{id}/complete", SandboxEndpoint.Complete, CompleteAsync);
        pipeline.Map("POST", "/external-task/{id}/failure", SandboxEndpoint.Failure, FailureAsync);
        pipeline.Map("POST", "/external-task/{id}/bpmnError", SandboxEndpoint.BpmnError, BpmnErrorAsync);
        pipeline.Map("POST", "/external-task/{id}/extendLock", SandboxEndpoint.ExtendLock, ExtendLockAsync);
        pipeline.Map("POST", "/external-task/{id}/lock", SandboxEndpoint.Lock, LockAsync);
        pipeline.Map("POST", "/external-task/{id}/unlock", SandboxEndpoint.Unlock, Unlock);
        pipeline.Map("GET", "/external-task/{id}", SandboxEndpoint.GetExternalTask, GetAsync);
        pipeline.Map("GET", "/external-task/{id}/errorDetails", SandboxEndpoint.ErrorDetails, ErrorDetailsAsync);
        pipeline.Map("PUT", "/external-task/{id}/retries", SandboxEndpoint.SetRetries, SetRetriesAsync);
        pipeline.Map("PUT", "/external-task/retries", SandboxEndpoint.SetRetriesBatch, SetRetriesBatchAsync);
        pipeline.Map("PUT", "/external-task/{id}/priority", SandboxEndpoint.SetPriority, SetPriorityAsync);
        pipeline.Map("GET", "/external-task", SandboxEndpoint.QueryExternalTasks, QueryGetAsync);
        pipeline.Map("POST", "/external-task", SandboxEndpoint.QueryExternalTasks, QueryPostAsync);
        pipeline.Map("GET", "/external-task/count", SandboxEndpoint.CountExternalTasks, CountGetAsync);
        pipeline.Map("POST", "/external-task/count", SandboxEndpoint.CountExternalTasks, CountPostAsync);
    }

    private static async Task FetchAndLockAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.FetchExternalTasksDto) ?? new FetchExternalTasksDto();
        if (dto.AsyncResponseTimeout > FetchAndLockDispatcher.MaxTimeoutMillis)
        {
            throw Errors.InvalidRequest(400, "The asynchronous response timeout cannot be set to a value greater than 1800000 milliseconds");
        }

        var command = FetchCommand.From(dto);
        var outcome = await services.Dispatcher.FetchAsync(command, dto.AsyncResponseTimeout, context.RequestAborted);
        if (outcome.IsAbort)
        {
            context.Abort();
            return;
        }

        if (outcome.Error is { } error)
        {
            throw error;
        }

        await HttpIo.WriteJsonAsync(context, outcome.Tasks!, Json.ListLockedExternalTaskDto);
    }

    private static async Task CompleteAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.CompleteExternalTaskDto) ?? new CompleteExternalTaskDto();
        var variables = VariableConverter.FromMap(dto.Variables);
        var localVariables = VariableConverter.FromMap(dto.LocalVariables);
        services.ExternalTasks.Complete(HttpIo.RouteValue(context, "id"), dto.WorkerId, variables, localVariables);
        HttpIo.NoContent(context);
    }

    private static async Task FailureAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.ExternalTaskFailureDto) ?? new ExternalTaskFailureDto();
        var variables = VariableConverter.FromMap(dto.Variables);
        var localVariables = VariableConverter.FromMap(dto.LocalVariables);
        services.ExternalTasks.Failure(
            HttpIo.RouteValue(context, "id"), dto.WorkerId, dto.ErrorMessage, dto.ErrorDetails,
            dto.Retries ?? 0, dto.RetryTimeout ?? 0, variables, localVariables);
        HttpIo.NoContent(context);
    }

    private static async Task BpmnErrorAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.ExternalTaskBpmnErrorDto) ?? new ExternalTaskBpmnErrorDto();
        var variables = VariableConverter.FromMap(dto.Variables);
        services.ExternalTasks.BpmnError(HttpIo.RouteValue(context, "id"), dto.WorkerId, dto.ErrorCode, dto.ErrorMessage, variables);
        HttpIo.NoContent(context);
    }

    private static async Task ExtendLockAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.ExtendLockDto) ?? new ExtendLockDto();
        services.ExternalTasks.ExtendLock(HttpIo.RouteValue(context, "id"), dto.WorkerId, dto.NewDuration ?? 0);
        HttpIo.NoContent(context);
    }

    private static async Task LockAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.LockExternalTaskDto) ?? new LockExternalTaskDto();
        services.ExternalTasks.Lock(HttpIo.RouteValue(context, "id"), dto.WorkerId, dto.LockDuration ?? 0);
        HttpIo.NoContent(context);
    }

    private static Task Unlock(HttpContext context, SandboxServices services)
    {
        services.ExternalTasks.Unlock(HttpIo.RouteValue(context, "id"));
        HttpIo.NoContent(context);
        return Task.CompletedTask;
    }

    private static Task GetAsync(HttpContext context, SandboxServices services) =>
        HttpIo.WriteJsonAsync(context, services.ExternalTasks.Get(HttpIo.RouteValue(context, "id")), Json.ExternalTaskDto);

    private static async Task ErrorDetailsAsync(HttpContext context, SandboxServices services)
    {
        var details = services.ExternalTasks.GetErrorDetails(HttpIo.RouteValue(context, "id"));
        if (details is null)
        {
            HttpIo.NoContent(context);
            return;
        }

        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(details, context.RequestAborted);
    }

    private static async Task SetRetriesAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.RetriesDto) ?? new RetriesDto();
        services.ExternalTasks.SetRetries(HttpIo.RouteValue(context, "id"), dto.Retries);
        HttpIo.NoContent(context);
    }

    private static async Task SetRetriesBatchAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.SetRetriesForExternalTasksDto) ?? new SetRetriesForExternalTasksDto();
        services.ExternalTasks.SetRetries(dto.Retries, dto.ExternalTaskIds, dto.ProcessInstanceIds);
        HttpIo.NoContent(context);
    }

    private static async Task SetPriorityAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.PriorityDto) ?? new PriorityDto();
        services.ExternalTasks.SetPriority(HttpIo.RouteValue(context, "id"), dto.Priority);
        HttpIo.NoContent(context);
    }

    private static Task QueryGetAsync(HttpContext context, SandboxServices services)
    {
        var query = new QueryParameters(context.Request.Query);
        var result = services.ExternalTasks.Query(FromQueryString(query), query.Int("firstResult"), query.Int("maxResults"));
        return HttpIo.WriteJsonAsync(context, result, Json.ListExternalTaskDto);
    }

    private static async Task QueryPostAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.ExternalTaskQueryDto) ?? new ExternalTaskQueryDto();
        var query = new QueryParameters(context.Request.Query);
        var result = services.ExternalTasks.Query(new ExternalTaskQuery(dto, null, null), query.Int("firstResult"), query.Int("maxResults"));
        await HttpIo.WriteJsonAsync(context, result, Json.ListExternalTaskDto);
    }

    private static Task CountGetAsync(HttpContext context, SandboxServices services)
    {
        var count = services.ExternalTasks.Count(FromQueryString(new QueryParameters(context.Request.Query)));
        return HttpIo.WriteJsonAsync(context, new CountResultDto { Count = count }, Json.CountResultDto);
    }

    private static async Task CountPostAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.ExternalTaskQueryDto) ?? new ExternalTaskQueryDto();
        var count = services.ExternalTasks.Count(new ExternalTaskQuery(dto, null, null));
        await HttpIo.WriteJsonAsync(context, new CountResultDto { Count = count }, Json.CountResultDto);
    }

    private static ExternalTaskQuery FromQueryString(QueryParameters q)
    {
        var dto = new ExternalTaskQueryDto
        {
            ExternalTaskId = q.String("externalTaskId"),
            ExternalTaskIdIn = q.List("externalTaskIdIn"),
            TopicName = q.String("topicName"),
            WorkerId = q.String("workerId"),
            Locked = q.Bool("locked"),
            NotLocked = q.Bool("notLocked"),
            WithRetriesLeft = q.Bool("withRetriesLeft"),
            NoRetriesLeft = q.Bool("noRetriesLeft"),
            LockExpirationAfter = q.String("lockExpirationAfter"),
            LockExpirationBefore = q.String("lockExpirationBefore"),
            ActivityId = q.String("activityId"),
            ActivityIdIn = q.List("activityIdIn"),
            ExecutionId = q.String("executionId"),
            ProcessInstanceId = q.String("processInstanceId"),
            ProcessInstanceIdIn = q.List("processInstanceIdIn"),
            ProcessDefinitionId = q.String("processDefinitionId"),
            TenantIdIn = q.List("tenantIdIn"),
            Active = q.Bool("active"),
            Suspended = q.Bool("suspended"),
            PriorityHigherThanOrEquals = q.Long("priorityHigherThanOrEquals"),
            PriorityLowerThanOrEquals = q.Long("priorityLowerThanOrEquals"),
        };
        return new ExternalTaskQuery(dto, q.String("sortBy"), q.String("sortOrder"));
    }
}
