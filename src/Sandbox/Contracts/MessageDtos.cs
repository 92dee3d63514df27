using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Contracts;

/// <summary>The body of <c>POST /message</c> (Camunda's CorrelationMessageDto). Booleans are Java primitives: null means false.</summary>
internal sealed class CorrelationMessageDto
{
    public string? MessageName { get; set; }

    public string? BusinessKey { get; set; }

    public string? TenantId { get; set; }

    public bool? WithoutTenantId { get; set; }

    public string? ProcessInstanceId { get; set; }

    public Dictionary<string, VariableValueDto?>? CorrelationKeys { get; set; }

    public Dictionary<string, VariableValueDto?>? LocalCorrelationKeys { get; set; }

    public Dictionary<string, VariableValueDto?>? ProcessVariables { get; set; }

    public Dictionary<string, VariableValueDto?>? ProcessVariablesLocal { get; set; }

    public bool? All { get; set; }

    public bool? ResultEnabled { get; set; }

    public bool? VariablesInResultEnabled { get; set; }
}

/// <summary>One correlation result: the execution a message reached, or the instance a start message created.</summary>
internal sealed class MessageCorrelationResultDto
{
    /// <summary><c>Execution</c> or <c>ProcessDefinition</c>.</summary>
    public string? ResultType { get; set; }

    public ExecutionDto? Execution { get; set; }

    public ProcessInstanceDto? ProcessInstance { get; set; }
}

/// <summary>A correlation result with the process instance's variables (<c>variablesInResultEnabled</c>).</summary>
internal sealed class MessageCorrelationResultWithVariableDto
{
    public string? ResultType { get; set; }

    public ExecutionDto? Execution { get; set; }

    public ProcessInstanceDto? ProcessInstance { get; set; }

    public VariableMapOutput Variables { get; set; } = VariableMapOutput.Empty;
}

/// <summary>Camunda's ExecutionDto.</summary>
internal sealed class ExecutionDto
{
    public string? Id { get; set; }

    public string? ProcessInstanceId { get; set; }

    public bool Ended { get; set; }

    public string? TenantId { get; set; }
}
