using Bptl.Camunda.Auth;
using Bptl.Camunda.Deployments;
using Bptl.Camunda.ExternalTasks;
using Bptl.Camunda.History;
using Bptl.Camunda.Http;
using Bptl.Camunda.Incidents;
using Bptl.Camunda.Messages;
using Bptl.Camunda.ProcessDefinitions;
using Bptl.Camunda.ProcessInstances;
using Bptl.Camunda.Resilience;
using Bptl.Camunda.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bptl.Camunda;

/// <summary>
/// A client of one Camunda 7 engine's REST API. Get one from dependency injection
/// (<see cref="CamundaClientServiceCollectionExtensions.AddCamundaClient(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{CamundaClientOptions})"/>)
/// or, outside a host, from <see cref="Create"/>. Thread-safe.
/// </summary>
public sealed class CamundaClient : IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly IDisposable? _owned;
    private readonly CamundaHttp _http;

    internal CamundaClient(HttpClient httpClient, CamundaClientOptions options, IDisposable? owned = null)
    {
        _httpClient = httpClient;
        _owned = owned;
        _http = new CamundaHttp(httpClient, options);
        ProcessInstances = new ProcessInstanceClient(_http);
        History = new HistoryClient(_http);
        ExternalTasks = new ExternalTaskClient(_http, ProcessInstances, History);
        ProcessDefinitions = new ProcessDefinitionClient(_http, ProcessInstances);
        Deployments = new DeploymentClient(_http);
        Incidents = new IncidentClient(_http);
        Messages = new MessageClient(_http, ProcessInstances);
    }

    /// <summary>External tasks: fetch and lock, complete, failure, BPMN error, locks, retries, queries.</summary>
    public ExternalTaskClient ExternalTasks { get; }

    /// <summary>Process definitions: start instances, list definitions.</summary>
    public ProcessDefinitionClient ProcessDefinitions { get; }

    /// <summary>Deployments.</summary>
    public DeploymentClient Deployments { get; }

    /// <summary>Running process instances and their variables.</summary>
    public ProcessInstanceClient ProcessInstances { get; }

    /// <summary>History: process instances and the external-task log.</summary>
    public HistoryClient History { get; }

    /// <summary>Incidents.</summary>
    public IncidentClient Incidents { get; }

    /// <summary>Message correlation: deliver a message to waiting executions or message start events.</summary>
    public MessageClient Messages { get; }

    /// <summary>
    /// Creates a client with its own connection pool, outside dependency injection. Dispose it when done.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public static CamundaClient Create(CamundaClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = CamundaClientOptionsValidator.Check(options).ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(CamundaClientOptions), failures);
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        timeProvider ??= TimeProvider.System;
        var credentials = CamundaHandlers.CreateCredentials(options.Authentication,
            () => new HttpClient(CamundaHandlers.CreatePrimaryHandler()), ownsTokenClient: true, timeProvider, loggerFactory);
        var pipeline = CamundaHandlers.Chain(CamundaHandlers.CreatePrimaryHandler(), options, credentials, timeProvider, loggerFactory);
        var httpClient = new HttpClient(pipeline, disposeHandler: true);
        CamundaHandlers.Configure(httpClient, options);
        return new CamundaClient(httpClient, options, credentials as IDisposable);
    }

    /// <summary>The engine's version, for example <c>7.23.0</c>.</summary>
    public async Task<string?> GetVersionAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetAsync("version", CamundaJsonContext.Default.VersionResult, cancellationToken).ConfigureAwait(false)).Version;

    /// <inheritdoc />
    public void Dispose()
    {
        _httpClient.Dispose();
        _owned?.Dispose();
    }
}
