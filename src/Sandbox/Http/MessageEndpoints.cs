using Bptl.Sandbox.Contracts;
using Bptl.Sandbox.Engine;
using Bptl.Sandbox.Faults;
using Bptl.Sandbox.Hosting;
using Bptl.Sandbox.Variables;
using Microsoft.AspNetCore.Http;

namespace Bptl.Sandbox.Http;

/// <summary>
/// <c>POST /message</c>: the request checks and answers of Camunda's MessageRestServiceImpl. A variable the
/// engine cannot convert is a 400 "Cannot deliver message: ...".
/// </summary>
internal static class MessageEndpoints
{
    private static SandboxJsonContext Json => SandboxJsonContext.Wire;

    public static void Map(EndpointPipeline pipeline) =>
        pipeline.Map("POST", "/message", SandboxEndpoint.CorrelateMessage, CorrelateAsync);

    private static async Task CorrelateAsync(HttpContext context, SandboxServices services)
    {
        var dto = await HttpIo.ReadJsonAsync(context, Json.CorrelationMessageDto) ?? new CorrelationMessageDto();
        var withoutTenantId = dto.WithoutTenantId == true;
        var resultEnabled = dto.ResultEnabled == true;
        var variablesInResult = dto.VariablesInResultEnabled == true;
        if (dto.MessageName is null)
        {
            throw Errors.InvalidRequest(400, "No message name supplied");
        }

        if (dto.TenantId is not null && withoutTenantId)
        {
            throw Errors.InvalidRequest(400, "Parameter 'tenantId' cannot be used together with parameter 'withoutTenantId'.");
        }

        if (variablesInResult && !resultEnabled)
        {
            throw Errors.InvalidRequest(400, "Parameter 'variablesInResultEnabled' cannot be used without 'resultEnabled' set to true.");
        }

        var correlation = new MessageCorrelation
        {
            MessageName = dto.MessageName,
            BusinessKey = dto.BusinessKey,
            ProcessInstanceId = dto.ProcessInstanceId,
            TenantId = dto.TenantId,
            IsTenantIdSet = dto.TenantId is not null || withoutTenantId,
            CorrelationKeys = Convert(dto.CorrelationKeys),
            LocalCorrelationKeys = Convert(dto.LocalCorrelationKeys),
            ProcessVariables = Convert(dto.ProcessVariables),
            ProcessVariablesLocal = Convert(dto.ProcessVariablesLocal),
            All = dto.All == true,
            VariablesInResult = variablesInResult,
        };
        var results = services.Messages.Correlate(correlation);
        if (!resultEnabled)
        {
            HttpIo.NoContent(context);
            return;
        }

        if (variablesInResult)
        {
            var withVariables = results.ConvertAll(r => new MessageCorrelationResultWithVariableDto
            {
                ResultType = r.ResultType,
                Execution = r.Execution,
                ProcessInstance = r.ProcessInstance,
                Variables = r.Variables ?? VariableMapOutput.Empty,
            });
            await HttpIo.WriteJsonAsync(context, withVariables, Json.ListMessageCorrelationResultWithVariableDto);
            return;
        }

        var plain = results.ConvertAll(r => new MessageCorrelationResultDto
        {
            ResultType = r.ResultType,
            Execution = r.Execution,
            ProcessInstance = r.ProcessInstance,
        });
        await HttpIo.WriteJsonAsync(context, plain, Json.ListMessageCorrelationResultDto);
    }

    private static Dictionary<string, TypedValue>? Convert(Dictionary<string, VariableValueDto?>? variables)
    {
        try
        {
            return VariableConverter.FromMap(variables);
        }
        catch (EngineError e) when (e.Type is "RestException" or "InvalidRequestException")
        {
            throw Errors.InvalidRequest(e.Status, "Cannot deliver message: " + e.WireMessage);
        }
    }
}
