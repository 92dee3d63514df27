using System.Text.Json.Serialization;
using Bptl.Camunda.Deployments;
using Bptl.Camunda.ExternalTasks;
using Bptl.Camunda.History;
using Bptl.Camunda.Incidents;
using Bptl.Camunda.Messages;
using Bptl.Camunda.ProcessDefinitions;
using Bptl.Camunda.ProcessInstances;
using Bptl.Variables;

namespace Bptl.Camunda.Serialization;

/// <summary>The engine's <c>{"count": n}</c>.</summary>
internal sealed record CountResult(long Count);

/// <summary>The engine's <c>{"version": "7.23.0"}</c>.</summary>
internal sealed record VersionResult(string? Version);

/// <summary>
/// Source-generated JSON for every body the client sends or reads: camelCase names, nulls left out of requests
/// (the engine treats a missing field as null), durations as milliseconds and dates in the engine's format.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(CamundaDateJsonConverter), typeof(MillisecondsJsonConverter)])]
[JsonSerializable(typeof(FetchAndLockRequest))]
[JsonSerializable(typeof(List<LockedExternalTask>))]
[JsonSerializable(typeof(CompleteExternalTask))]
[JsonSerializable(typeof(ReportExternalTaskFailure))]
[JsonSerializable(typeof(ReportBpmnError))]
[JsonSerializable(typeof(ExtendLockBody))]
[JsonSerializable(typeof(LockBody))]
[JsonSerializable(typeof(RetriesBody))]
[JsonSerializable(typeof(PriorityBody))]
[JsonSerializable(typeof(SetRetriesForTasks))]
[JsonSerializable(typeof(ExternalTask))]
[JsonSerializable(typeof(List<ExternalTask>))]
[JsonSerializable(typeof(ExternalTaskQuery))]
[JsonSerializable(typeof(CountResult))]
[JsonSerializable(typeof(VersionResult))]
[JsonSerializable(typeof(StartProcessInstance))]
[JsonSerializable(typeof(ProcessInstance))]
[JsonSerializable(typeof(List<ProcessInstance>))]
[JsonSerializable(typeof(ProcessDefinition))]
[JsonSerializable(typeof(List<ProcessDefinition>))]
[JsonSerializable(typeof(Deployment))]
[JsonSerializable(typeof(VariableMap))]
[JsonSerializable(typeof(VariableValue))]
[JsonSerializable(typeof(ModifyVariablesBody))]
[JsonSerializable(typeof(HistoricProcessInstance))]
[JsonSerializable(typeof(List<HistoricProcessInstance>))]
[JsonSerializable(typeof(List<ExternalTaskLogEntry>))]
[JsonSerializable(typeof(List<Incident>))]
[JsonSerializable(typeof(CorrelateMessageRequest))]
[JsonSerializable(typeof(List<MessageCorrelationResult>))]
internal sealed partial class CamundaJsonContext : JsonSerializerContext;
