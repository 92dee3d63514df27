using System.Text.Json.Serialization;
using Bptl.Camunda.ProcessDefinitions;
using Bptl.Variables;

namespace Bptl.Camunda.Messages;

/// <summary>
/// The body of <c>POST /message</c>. Without <see cref="All"/> the message must reach exactly one target: a waiting
/// execution (message catch event, receive task) or, when none waits, a process definition with a message start
/// event of that name; otherwise the engine answers 400 (<see cref="Errors.CamundaMessageCorrelationException"/>).
/// </summary>
public sealed record CorrelateMessageRequest
{
    /// <summary>The message name (the <c>name</c> of the BPMN <c>message</c>). Required.</summary>
    public required string MessageName { get; init; }

    /// <summary>Only executions of process instances with this business key; a started instance gets it.</summary>
    public string? BusinessKey { get; init; }

    /// <summary>Only executions and definitions of this tenant. Not together with <see cref="WithoutTenantId"/> or <see cref="ProcessInstanceId"/>.</summary>
    public string? TenantId { get; init; }

    /// <summary>Only executions and definitions without a tenant. Not together with <see cref="TenantId"/> or <see cref="ProcessInstanceId"/>.</summary>
    public bool WithoutTenantId { get; init; }

    /// <summary>Only executions of this process instance.</summary>
    public string? ProcessInstanceId { get; init; }

    /// <summary>Only process instances whose (instance-level) variables equal these, type included.</summary>
    public VariableMap? CorrelationKeys { get; init; }

    /// <summary>Only executions whose local variables equal these.</summary>
    public VariableMap? LocalCorrelationKeys { get; init; }

    /// <summary>Variables set with process semantics before the token moves on (on a started instance: its variables).</summary>
    public VariableMap? ProcessVariables { get; init; }

    /// <summary>Variables set on the execution that waited for the message; they end with its activity.</summary>
    public VariableMap? ProcessVariablesLocal { get; init; }

    /// <summary>Deliver to every matching execution and start-event definition; none matching is then no error.</summary>
    public bool All { get; init; }

    /// <summary>Return what the message reached; otherwise <see cref="MessageClient.CorrelateAsync"/> returns an empty list.</summary>
    public bool ResultEnabled { get; init; }

    /// <summary>Return the process instance's variables with each result. Needs <see cref="ResultEnabled"/>.</summary>
    public bool VariablesInResultEnabled { get; init; }
}

/// <summary>What a message reached.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageCorrelationResultType>))]
public enum MessageCorrelationResultType
{
    /// <summary>A waiting execution (message catch event or receive task): see <see cref="MessageCorrelationResult.Execution"/>.</summary>
    Execution,

    /// <summary>A message start event: a new instance, see <see cref="MessageCorrelationResult.ProcessInstance"/>.</summary>
    ProcessDefinition,
}

/// <summary>One target a message reached.</summary>
public sealed record MessageCorrelationResult
{
    /// <summary>Whether the message reached a waiting execution or started an instance.</summary>
    public MessageCorrelationResultType ResultType { get; init; }

    /// <summary>The execution that waited (for <see cref="MessageCorrelationResultType.Execution"/>), else null.</summary>
    public MessageCorrelationExecution? Execution { get; init; }

    /// <summary>The started instance (for <see cref="MessageCorrelationResultType.ProcessDefinition"/>), else null.</summary>
    public ProcessInstance? ProcessInstance { get; init; }

    /// <summary>The process instance's variables after the correlation, when <see cref="CorrelateMessageRequest.VariablesInResultEnabled"/> was set.</summary>
    public VariableMap? Variables { get; init; }

    /// <summary>The process instance the message reached, whichever the result type.</summary>
    public string? ProcessInstanceId => Execution?.ProcessInstanceId ?? ProcessInstance?.Id;
}

/// <summary>An execution as a correlation result names it.</summary>
public sealed record MessageCorrelationExecution
{
    /// <summary>The execution id: the waiting activity's own execution, not the process instance.</summary>
    public required string Id { get; init; }

    /// <summary>The process instance.</summary>
    public string? ProcessInstanceId { get; init; }

    /// <summary>True when the execution ended (the message moved the token past its activity).</summary>
    public bool Ended { get; init; }

    /// <summary>The tenant.</summary>
    public string? TenantId { get; init; }
}
