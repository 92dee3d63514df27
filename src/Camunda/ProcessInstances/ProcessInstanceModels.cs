using Bptl.Variables;

namespace Bptl.Camunda.ProcessInstances;

/// <summary>Filters for listing running process instances; unset filters are left out.</summary>
public sealed record ProcessInstanceQuery
{
    /// <summary>Instances by id.</summary>
    public IReadOnlyList<string>? ProcessInstanceIds { get; init; }

    /// <summary>A business key.</summary>
    public string? BusinessKey { get; init; }

    /// <summary>A process definition key.</summary>
    public string? ProcessDefinitionKey { get; init; }

    /// <summary>A process definition id.</summary>
    public string? ProcessDefinitionId { get; init; }
}

internal sealed record ModifyVariablesBody(VariableMap? Modifications, IReadOnlyList<string>? Deletions);
