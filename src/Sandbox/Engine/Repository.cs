using Bptl.Sandbox.Bpmn;

namespace Bptl.Sandbox.Engine;

internal sealed class ProcessDefinition
{
    public required string Id { get; init; }

    public required string Key { get; init; }

    public required int Version { get; init; }

    public required string DeploymentId { get; init; }

    public required string ResourceName { get; init; }

    public string? TenantId { get; init; }

    public string? Category { get; init; }

    public required ProcessModel Model { get; init; }

    public bool Suspended { get; set; }
}

internal sealed record DeploymentResource(string Name, byte[] Content);

internal sealed class Deployment
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public string? Source { get; init; }

    public string? TenantId { get; init; }

    public required DateTimeOffset DeploymentTime { get; init; }

    public required IReadOnlyList<DeploymentResource> Resources { get; init; }

    public List<ProcessDefinition> Definitions { get; } = [];
}
