using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bptl.Sandbox.Contracts;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Http;

/// <summary>
/// Source-generated JSON for every wire type. Like Camunda's Jackson setup: camelCase, unknown
/// properties ignored, null fields written, numbers accepted from strings.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(FetchExternalTasksDto))]
[JsonSerializable(typeof(CompleteExternalTaskDto))]
[JsonSerializable(typeof(ExternalTaskFailureDto))]
[JsonSerializable(typeof(ExternalTaskBpmnErrorDto))]
[JsonSerializable(typeof(ExtendLockDto))]
[JsonSerializable(typeof(LockExternalTaskDto))]
[JsonSerializable(typeof(RetriesDto))]
[JsonSerializable(typeof(SetRetriesForExternalTasksDto))]
[JsonSerializable(typeof(PriorityDto))]
[JsonSerializable(typeof(ExternalTaskQueryDto))]
[JsonSerializable(typeof(StartProcessInstanceDto))]
[JsonSerializable(typeof(PatchVariablesDto))]
[JsonSerializable(typeof(CorrelationMessageDto))]
[JsonSerializable(typeof(List<MessageCorrelationResultDto>))]
[JsonSerializable(typeof(List<MessageCorrelationResultWithVariableDto>))]
[JsonSerializable(typeof(VariableValueDto))]
[JsonSerializable(typeof(List<LockedExternalTaskDto>))]
[JsonSerializable(typeof(ExternalTaskDto))]
[JsonSerializable(typeof(List<ExternalTaskDto>))]
[JsonSerializable(typeof(CountResultDto))]
[JsonSerializable(typeof(IncidentDto))]
[JsonSerializable(typeof(List<IncidentDto>))]
[JsonSerializable(typeof(ProcessInstanceDto))]
[JsonSerializable(typeof(List<ProcessInstanceDto>))]
[JsonSerializable(typeof(ProcessInstanceWithVariablesDto))]
[JsonSerializable(typeof(ProcessDefinitionDto))]
[JsonSerializable(typeof(List<ProcessDefinitionDto>))]
[JsonSerializable(typeof(DeploymentWithDefinitionsDto))]
[JsonSerializable(typeof(HistoricProcessInstanceDto))]
[JsonSerializable(typeof(List<HistoricProcessInstanceDto>))]
[JsonSerializable(typeof(List<HistoricExternalTaskLogDto>))]
[JsonSerializable(typeof(ExceptionDto))]
[JsonSerializable(typeof(ParseExceptionDto))]
[JsonSerializable(typeof(VersionDto))]
[JsonSerializable(typeof(List<ProcessEngineDto>))]
[JsonSerializable(typeof(VariableMapOutput))]
[JsonSerializable(typeof(SingleVariableOutput))]
[JsonSerializable(typeof(FaultRequestDto))]
[JsonSerializable(typeof(SandboxStatusDto))]
[JsonSerializable(typeof(Dictionary<string, long>))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context used on the wire. Jackson escapes only quotes, backslashes and control
    /// characters, so '+' in a date offset or an apostrophe in a message stay as they are.
    /// </summary>
    public static SandboxJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

/// <summary>The body of <c>POST /sandbox-control/faults</c>.</summary>
internal sealed class FaultRequestDto
{
    public string? Endpoint { get; set; }

    /// <summary><c>fail</c>, <c>delay</c> or <c>drop</c>.</summary>
    public string? Kind { get; set; }

    public int? Count { get; set; }

    public int? Status { get; set; }

    public string? Type { get; set; }

    public string? Message { get; set; }

    public int? Code { get; set; }

    public long? DelayMs { get; set; }
}

internal sealed class SandboxStatusDto
{
    public bool Paused { get; set; }

    public int PendingFetchAndLock { get; set; }
}
