using System.Text.RegularExpressions;
using Bptl.Camunda;
using Bptl.Camunda.ExternalTasks;
using Bptl.Camunda.Incidents;
using Bptl.Grains.Checkpoints;
using Bptl.Grains.Engines;
using Bptl.Grains.Execution;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Services;
using Bptl.Sandbox.Hosting;
using Bptl.Variables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bptl.WorkUnitTesting;

/// <summary>
/// Runs work units the way a silo does, against a real (in-process, in-memory) sandbox engine on 127.0.0.1, without
/// PostgreSQL: each <see cref="RunAsync"/> starts a process instance whose external task has the work unit's name as
/// topic, fetches and locks that task, runs the work unit through the same executor as a silo (contract checks, a
/// DI scope, the context), reports the result to the engine and returns what the process saw.
/// </summary>
/// <example>
/// <code>
/// await using var host = await WorkUnitTestHost.StartAsync(services => services.AddWorkUnit&lt;Greet&gt;("greet", Greet.Contract));
/// var run = await host.RunAsync("greet", new VariableMap { ["name"] = "Ada" });
/// run.ProcessVariables.Get&lt;string&gt;("greeting").ShouldBe("Hello, Ada");
/// </code>
/// </example>
public sealed partial class WorkUnitTestHost : IAsyncDisposable
{
    private const string WorkerId = "bptl-work-unit-test";
    private const string AfterTopic = "bptl-test-after";
    private readonly SandboxEngineHost _engine;
    private readonly ServiceProvider _services;
    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);
    private readonly HashSet<string> _deployed = new(StringComparer.Ordinal);

    private WorkUnitTestHost(SandboxEngineHost engine, CamundaClient client, ServiceProvider services)
    {
        _engine = engine;
        Engine = client;
        _services = services;
    }

    /// <summary>The sandbox engine's client (deploy your own processes, inspect history).</summary>
    public CamundaClient Engine { get; }

    /// <summary>The sandbox engine's REST root.</summary>
    public Uri EngineUrl => _engine.BaseAddress;

    /// <summary>The services the work units are resolved from.</summary>
    public IServiceProvider Services => _services;

    /// <summary>
    /// Starts the sandbox and a service provider with <paramref name="configure"/>'s registrations (your work units
    /// and what they depend on). Unless you register your own, the engine name <c>sandbox</c> resolves to the sandbox
    /// and no external service is configured, and the configuration is empty (register an <c>IConfiguration</c> to bind options).
    /// </summary>
    public static async Task<WorkUnitTestHost> StartAsync(Action<IServiceCollection> configure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var engine = await SandboxEngineHost.StartAsync(new SandboxOptions(), cancellationToken).ConfigureAwait(false);
        var client = CamundaClient.Create(new CamundaClientOptions { BaseAddress = engine.BaseAddress });
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        configure(services);
        services.TryAddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.TryAddSingleton<IEngineClients>(new SandboxEngineClients(client));
        services.TryAddSingleton<IExternalServicesFactory, NoExternalServicesFactory>();
        services.TryAddSingleton<WorkUnitExecutor>();
        return new WorkUnitTestHost(engine, client, services.BuildServiceProvider(validateScopes: true));
    }

    /// <summary>
    /// Runs <paramref name="workUnit"/> for a new external task whose process has <paramref name="variables"/>.
    /// A failure is reported without retries (an incident); pass <paramref name="checkpoint"/> to start from saved progress.
    /// </summary>
    public async Task<WorkUnitTestRun> RunAsync(string workUnit, VariableMap? variables = null, string? businessKey = null,
        MemoryCheckpoint? checkpoint = null, CancellationToken cancellationToken = default)
    {
        var registration = _services.GetServices<WorkUnitRegistration>().LastOrDefault(r => r.Name == workUnit)
            ?? throw new ArgumentException($"No work unit named '{workUnit}' is registered.", nameof(workUnit));
        await _oneRunAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var key = await DeployAsync(workUnit, cancellationToken).ConfigureAwait(false);
            var instance = await Engine.ProcessDefinitions.StartByKeyAsync(key,
                new Camunda.ProcessDefinitions.StartProcessInstance { BusinessKey = businessKey, Variables = variables ?? [] }, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            var task = (await FetchAsync(workUnit, cancellationToken).ConfigureAwait(false))
                ?? throw new InvalidOperationException($"The sandbox delivered no task for '{workUnit}'.");
            checkpoint ??= new MemoryCheckpoint();
            var timeline = new MemoryTaskTimeline();
            var run = await _services.GetRequiredService<WorkUnitExecutor>().RunAsync(registration, new WorkUnitRunRequest
            {
                Engine = SandboxEngineClients.Name,
                TaskId = task.Id,
                Topic = workUnit,
                ProcessInstanceId = task.ProcessInstanceId,
                ProcessDefinitionKey = task.ProcessDefinitionKey,
                ActivityId = task.ActivityId,
                BusinessKey = task.BusinessKey,
                TenantId = task.TenantId,
                RetriesLeft = task.Retries,
                Variables = task.ProcessInstanceId is { } id ? Engine.ProcessInstances.WithFileContent(id, task.Variables ?? []) : task.Variables ?? [],
                Checkpoint = checkpoint,
                Timeline = timeline,
            }, cancellationToken).ConfigureAwait(false);
            var result = run.Result ?? throw new OperationCanceledException("The run was cancelled.");
            var after = await ReportAsync(task.Id, instance.Id, result, cancellationToken).ConfigureAwait(false);
            return new WorkUnitTestRun
            {
                Result = result,
                ProcessInstanceId = instance.Id,
                ProcessVariables = after.Variables,
                IncidentMessage = after.Incident,
                Timeline = timeline.Events,
                Checkpoint = checkpoint.Json,
            };
        }
        finally
        {
            _oneRunAtATime.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        Engine.Dispose();
        await _engine.DisposeAsync().ConfigureAwait(false);
        _oneRunAtATime.Dispose();
    }

    private async Task<string> DeployAsync(string workUnit, CancellationToken cancellationToken)
    {
        // Readable, and unique per name ("a.b" and "a-b" must not share a process).
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(workUnit)))[..8];
        var key = "bptl-test-" + Unsafe().Replace(workUnit, "-") + "-" + hash;
        if (_deployed.Add(workUnit))
        {
            await Engine.Deployments.CreateAsync(new Camunda.Deployments.CreateDeployment
            {
                Name = key,
                Resources = [Camunda.Deployments.DeploymentResource.FromText(key + ".bpmn", TestProcess.Bpmn(key, workUnit, AfterTopic))],
            }, cancellationToken).ConfigureAwait(false);
        }

        return key;
    }

    private async Task<LockedExternalTask?> FetchAsync(string topic, CancellationToken cancellationToken)
    {
        var tasks = await Engine.ExternalTasks.FetchAndLockAsync(new FetchAndLockRequest
        {
            WorkerId = WorkerId,
            MaxTasks = 1,
            Topics = [new FetchTopic { TopicName = topic, LockDuration = TimeSpan.FromMinutes(10) }],
        }, cancellationToken).ConfigureAwait(false);
        return tasks.Count == 0 ? null : tasks[0];
    }

    private async Task<(VariableMap Variables, string? Incident)> ReportAsync(string taskId, string instanceId, WorkUnitResult result, CancellationToken ct)
    {
        switch (result)
        {
            case CompleteResult complete:
                await Engine.ExternalTasks.CompleteAsync(taskId, new CompleteExternalTask
                {
                    WorkerId = WorkerId,
                    Variables = complete.Variables,
                    LocalVariables = complete.LocalVariables,
                }, ct).ConfigureAwait(false);
                break;
            case BpmnErrorResult error:
                await Engine.ExternalTasks.HandleBpmnErrorAsync(taskId, new ReportBpmnError
                {
                    WorkerId = WorkerId,
                    ErrorCode = error.ErrorCode,
                    ErrorMessage = error.Message,
                    Variables = error.Variables,
                }, ct).ConfigureAwait(false);
                break;
            case FailureResult failure:
                await Engine.ExternalTasks.HandleFailureAsync(taskId, new ReportExternalTaskFailure
                {
                    WorkerId = WorkerId,
                    ErrorMessage = failure.Message,
                    ErrorDetails = failure.Details,
                    Retries = 0,
                }, ct).ConfigureAwait(false);
                var incidents = await Engine.Incidents.ListAsync(new IncidentQuery { ProcessInstanceId = instanceId }, ct).ConfigureAwait(false);
                return ([], incidents.Count == 0 ? null : incidents[0].IncidentMessage);
        }

        var next = await FetchAsync(AfterTopic, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The process did not reach its next task after the report.");
        await Engine.ExternalTasks.CompleteAsync(next.Id, new CompleteExternalTask { WorkerId = WorkerId }, ct).ConfigureAwait(false);
        return (next.Variables ?? [], null);
    }

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex Unsafe();
}
