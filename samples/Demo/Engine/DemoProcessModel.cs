using Bptl.Camunda;
using Bptl.Camunda.Deployments;

namespace Bptl.Demo.Engine;

/// <summary>The demo process (Bpmn/demo-order.bpmn, embedded) and its deployment.</summary>
internal static class DemoProcessModel
{
    public const string Key = "demo-order";
    private const string Resource = "demo-order.bpmn";

    public static async Task DeployAsync(CamundaClient client, CancellationToken cancellationToken)
    {
        await using var stream = typeof(DemoProcessModel).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded resource {Resource} is missing.");
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        await client.Deployments.CreateAsync(new CreateDeployment
        {
            Name = "bptl-demo",
            Source = "Bptl demo",
            Resources = [new DeploymentResource(Resource, buffer.ToArray())],
        }, cancellationToken);
    }
}
