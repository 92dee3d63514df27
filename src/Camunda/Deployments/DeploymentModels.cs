using Bptl.Camunda.ProcessDefinitions;

namespace Bptl.Camunda.Deployments;

/// <summary>A deployment to create: named resources (BPMN files and others) and the reserved form fields.</summary>
public sealed record CreateDeployment
{
    /// <summary>The deployment's name.</summary>
    public string? Name { get; init; }

    /// <summary>Where it came from, for example the tool that deployed it.</summary>
    public string? Source { get; init; }

    /// <summary>The tenant, or null.</summary>
    public string? TenantId { get; init; }

    /// <summary>Skip the deployment when no resource changed since the last one of the same name.</summary>
    public bool? EnableDuplicateFiltering { get; init; }

    /// <summary>Redeploy only the resources that changed (overrides duplicate filtering).</summary>
    public bool? DeployChangedOnly { get; init; }

    /// <summary>The resources; each needs a file name (BPMN files end in <c>.bpmn</c>).</summary>
    public required IReadOnlyList<DeploymentResource> Resources { get; init; }
}

/// <summary>One resource of a deployment.</summary>
/// <param name="FileName">The resource's file name, for example <c>order.bpmn</c>.</param>
/// <param name="Content">Its bytes.</param>
public sealed record DeploymentResource(string FileName, byte[] Content)
{
    /// <summary>A resource from UTF-8 text.</summary>
    public static DeploymentResource FromText(string fileName, string text) => new(fileName, System.Text.Encoding.UTF8.GetBytes(text));
}

/// <summary>A created deployment with what it deployed.</summary>
public sealed record Deployment
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>The source.</summary>
    public string? Source { get; init; }

    /// <summary>When it was deployed.</summary>
    public DateTimeOffset? DeploymentTime { get; init; }

    /// <summary>The tenant.</summary>
    public string? TenantId { get; init; }

    /// <summary>The process definitions it deployed, by id (null or empty when duplicate filtering skipped them).</summary>
    public IReadOnlyDictionary<string, ProcessDefinition>? DeployedProcessDefinitions { get; init; }
}
