using Bptl.Camunda;
using Bptl.Camunda.Deployments;
using Bptl.Camunda.ProcessDefinitions;
using Bptl.Sandbox.Hosting;

namespace Bptl.Benchmarks.Runtime;

/// <summary>
/// The in-process sandbox engine and a Bptl.Camunda client of it. Every phase gets its own topic, with a process
/// <c>start → external task → end</c> of the same name, so nothing left over from one phase is fetched by the next.
/// </summary>
internal sealed class BenchEngine : IAsyncDisposable
{
    private BenchEngine(SandboxEngineHost host)
    {
        Host = host;
        Client = CamundaClient.Create(new CamundaClientOptions { BaseAddress = host.BaseAddress });
    }

    public SandboxEngineHost Host { get; }

    public CamundaClient Client { get; }

    public Uri BaseAddress => Host.BaseAddress;

    public static async Task<BenchEngine> StartAsync(CancellationToken ct) =>
        new(await SandboxEngineHost.StartAsync(new SandboxOptions(), ct));

    /// <summary>Deploys the one-task process of <paramref name="topic"/> (process key = topic).</summary>
    public Task DeployAsync(string topic, CancellationToken ct) =>
        Client.Deployments.CreateAsync(new CreateDeployment { Resources = [DeploymentResource.FromText(topic + ".bpmn", Bpmn(topic))] }, ct);

    /// <summary>Starts <paramref name="count"/> instances, 32 at a time.</summary>
    public Task StartInstancesAsync(string topic, int count, CancellationToken ct) =>
        Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct },
            async (_, token) => await Client.ProcessDefinitions.StartByKeyAsync(topic, new StartProcessInstance(), null, token));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }

    private static string Bpmn(string topic) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="{topic}-defs" targetNamespace="http://bptl.dev/bench">
          <bpmn:process id="{topic}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="toTask" sourceRef="start" targetRef="work" />
            <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="{topic}" />
            <bpmn:sequenceFlow id="toEnd" sourceRef="work" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}
