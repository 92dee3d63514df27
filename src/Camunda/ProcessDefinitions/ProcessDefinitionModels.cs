using Bptl.Variables;

namespace Bptl.Camunda.ProcessDefinitions;

/// <summary>A deployed process definition.</summary>
public sealed record ProcessDefinition
{
    /// <summary>The id, <c>key:version:uuid</c> on Camunda.</summary>
    public required string Id { get; init; }

    /// <summary>The key (the BPMN process id).</summary>
    public string? Key { get; init; }

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>The version within the key (1, 2, ...).</summary>
    public int Version { get; init; }

    /// <summary>The version tag, if any.</summary>
    public string? VersionTag { get; init; }

    /// <summary>The resource (file name) it came from.</summary>
    public string? Resource { get; init; }

    /// <summary>The deployment it belongs to.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>True when suspended.</summary>
    public bool Suspended { get; init; }

    /// <summary>The tenant, or null.</summary>
    public string? TenantId { get; init; }
}

/// <summary>The body of a start-process call.</summary>
public sealed record StartProcessInstance
{
    /// <summary>The business key of the new instance.</summary>
    public string? BusinessKey { get; init; }

    /// <summary>The start variables.</summary>
    public VariableMap? Variables { get; init; }

    /// <summary>Return the instance's variables in the answer.</summary>
    public bool? WithVariablesInReturn { get; init; }
}

/// <summary>A process instance as the runtime returns it.</summary>
public sealed record ProcessInstance
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>The process definition id.</summary>
    public string? DefinitionId { get; init; }

    /// <summary>The process definition key (newer engines).</summary>
    public string? DefinitionKey { get; init; }

    /// <summary>The business key.</summary>
    public string? BusinessKey { get; init; }

    /// <summary>The case instance id, if any.</summary>
    public string? CaseInstanceId { get; init; }

    /// <summary>True when the instance already ended (a start can run to the end at once).</summary>
    public bool Ended { get; init; }

    /// <summary>True when suspended.</summary>
    public bool Suspended { get; init; }

    /// <summary>The tenant.</summary>
    public string? TenantId { get; init; }

    /// <summary>The variables, when the start asked for them.</summary>
    public VariableMap? Variables { get; init; }
}

/// <summary>Filters for listing process definitions; unset filters are left out.</summary>
public sealed record ProcessDefinitionQuery
{
    /// <summary>The key.</summary>
    public string? Key { get; init; }

    /// <summary>A version of the key.</summary>
    public int? Version { get; init; }

    /// <summary>Only the latest version of each key.</summary>
    public bool? LatestVersion { get; init; }

    /// <summary>A version tag.</summary>
    public string? VersionTag { get; init; }

    /// <summary>A deployment.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>Tenants.</summary>
    public IReadOnlyList<string>? TenantIdIn { get; init; }

    /// <summary>Only definitions without a tenant.</summary>
    public bool? WithoutTenantId { get; init; }
}
