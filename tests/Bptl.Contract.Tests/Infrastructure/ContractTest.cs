using Bptl.Testing;
using Bptl.Camunda;
using Bptl.Camunda.Deployments;
using Bptl.Camunda.Errors;
using Bptl.Camunda.ExternalTasks;
using Bptl.Camunda.ProcessDefinitions;
using Bptl.Variables;

namespace Bptl.Contract.Tests.Infrastructure;

/// <summary>
/// Base of the contract tests: unique process keys, topics and worker ids per test, so tests never see each
/// other's tasks, and cleanup of every deployment (cascading to its instances) afterwards.
/// </summary>
public abstract class ContractTest(EngineFixture engine) : IAsyncLifetime
{
    private readonly List<string> _deployments = [];

    protected EngineFixture Engine { get; } = engine;

    protected CamundaClient Client => Engine.Client;

    protected RawEngine Raw => Engine.Raw;

    /// <summary>A name no other test uses; starts with a letter so it is a valid BPMN id.</summary>
    protected string Unique { get; } = "c" + Guid.NewGuid().ToString("N")[..16];

    protected string Key => Unique;

    protected string Topic => Unique + "-topic";

    protected string Worker => Unique + "-worker";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var id in _deployments)
        {
            try
            {
                await Client.Deployments.DeleteAsync(id, cascade: true, CancellationToken.None);
            }
            catch (CamundaNotFoundException)
            {
            }
        }
    }

    protected async Task<Deployment> DeployAsync(string bpmn, string? fileName = null)
    {
        var deployment = await Client.Deployments.CreateAsync(new CreateDeployment
        {
            Name = Unique,
            Source = "bptl-contract-tests",
            Resources = [DeploymentResource.FromText(fileName ?? Unique + ".bpmn", bpmn)],
        }, Ct);
        _deployments.Add(deployment.Id);
        return deployment;
    }

    /// <summary>Deploys the one-task process under <see cref="Key"/> and <see cref="Topic"/>.</summary>
    protected Task<Deployment> DeployOneTaskAsync(long? priority = null) => DeployAsync(Bpmn.OneTask(Key, Topic, priority));

    protected Task<ProcessInstance> StartAsync(VariableMap? variables = null, string? businessKey = null, string? key = null) =>
        Client.ProcessDefinitions.StartByKeyAsync(key ?? Key, new StartProcessInstance { Variables = variables, BusinessKey = businessKey }, null, Ct);

    protected Task<IReadOnlyList<LockedExternalTask>> FetchAsync(int maxTasks = 10, string? topic = null, string? worker = null,
        TimeSpan? lockDuration = null, TimeSpan? wait = null, Func<FetchTopic, FetchTopic>? refine = null, bool usePriority = false,
        IReadOnlyList<FetchSorting>? sorting = null)
    {
        var fetchTopic = new FetchTopic { TopicName = topic ?? Topic, LockDuration = lockDuration ?? TimeSpan.FromMinutes(5) };
        return Client.ExternalTasks.FetchAndLockAsync(new FetchAndLockRequest
        {
            WorkerId = worker ?? Worker,
            MaxTasks = maxTasks,
            UsePriority = usePriority,
            AsyncResponseTimeout = wait,
            Sorting = sorting,
            Topics = [refine is null ? fetchTopic : refine(fetchTopic)],
        }, Ct);
    }

    /// <summary>Fetches and expects exactly one task.</summary>
    protected async Task<LockedExternalTask> FetchOneAsync(string? topic = null, string? worker = null, TimeSpan? lockDuration = null,
        Func<FetchTopic, FetchTopic>? refine = null)
    {
        var tasks = await FetchAsync(10, topic, worker, lockDuration, refine: refine);
        tasks.Count.ShouldBe(1, $"expected one task on {topic ?? Topic}");
        return tasks[0];
    }

    /// <summary>Starts the one-task process and fetches its task.</summary>
    protected async Task<LockedExternalTask> StartAndFetchAsync(VariableMap? variables = null, string? businessKey = null)
    {
        await StartAsync(variables, businessKey);
        return await FetchOneAsync();
    }

    protected Task CompleteAsync(LockedExternalTask task, VariableMap? variables = null, VariableMap? local = null, string? worker = null) =>
        Client.ExternalTasks.CompleteAsync(task.Id, new CompleteExternalTask { WorkerId = worker ?? Worker, Variables = variables, LocalVariables = local }, Ct);

    /// <summary>
    /// Waits until <paramref name="count"/> long polls are queued in the engine. The sandbox signals it; a real
    /// engine has no such signal, so there a short pause stands in for it.
    /// </summary>
    protected async Task PollsPendingAsync(int count)
    {
        if (Engine.Sandbox is { } sandbox)
        {
            await sandbox.WaitForPendingFetchAndLockAsync(count, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        }
        else
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300), Ct);
        }
    }

    /// <summary>Waits until the engine's clock has passed <paramref name="deadline"/> (a lock or retry timeout we set).</summary>
    protected static async Task PassAsync(DateTimeOffset? deadline)
    {
        deadline.ShouldNotBeNull();
        var wait = deadline.Value - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, Ct);
        }
    }
}
