using System.Text.Json;
using Bptl.BuiltIns.Templates;
using Bptl.Camunda.ProcessDefinitions;
using Bptl.Grains.Engines;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Interfaces.WorkUnits.Contracts;
using Bptl.Variables;

namespace Bptl.BuiltIns.StartProcess;

/// <summary>
/// <c>bptl.start-process</c>: starts a process by key in the calling task's engine (the latest version, or
/// <c>processDefinitionVersion</c>; of <c>tenantId</c> when given), with the caller's business key unless
/// <c>businessKey</c> says otherwise, and variables copied from the calling process per <c>variableMapping</c>. Sets
/// <c>startedProcessInstanceId</c>. The started id is checkpointed, so a rerun after a lost report does not start a
/// second instance.
/// </summary>
public sealed class StartProcessWorkUnit(IEngineClients engines) : IWorkUnit
{
    /// <summary>The name topics map to.</summary>
    public const string Name = "bptl.start-process";

    private static readonly string[] OwnInputs = ["processDefinitionKey", "processDefinitionVersion", "tenantId", "businessKey", "variableMapping", "engine"];

    /// <summary>The contract.</summary>
    public static void Contract(WorkUnitContractBuilder contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        contract
            .Describe("Starts a process by key (a call activity across engines and deployments) and returns the new instance's id.")
            .RequiredInput<string>("processDefinitionKey", "The key (BPMN process id) of the process to start.")
            .OptionalInput<int>("processDefinitionVersion", description: "A specific version; the latest when left out.")
            .OptionalInput<string>("tenantId", description: "The tenant of the process definition; none when left out.")
            .OptionalInput<string>("businessKey", description: "The new instance's business key; the calling process's when left out.")
            .OptionalInput<string>("engine", description:
                "The configured engine to use; the calling task's engine when left out, and the engine named 'default' for direct and cron runs.")
            .OptionalInput<VariableValue>("variableMapping", "all",
                "Which variables the new instance gets: \"all\" (the default: every variable of the calling task except these inputs), "
                + "\"none\", a JSON array of names, or a JSON object mapping a caller's variable to the new instance's name.")
            .Output<string>("startedProcessInstanceId", "The id of the started process instance.", required: true);
    }

    /// <inheritdoc />
    public async Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = await context.Checkpoint.LoadAsync<string>(cancellationToken).ConfigureAwait(false);
        if (started is not null)
        {
            return Done(started);
        }

        var key = context.Get<string>("processDefinitionKey");
        var version = context.Variables.TryGetValue("processDefinitionVersion", out var v) && v.Type != VariableType.Null ? context.Get<int>("processDefinitionVersion") : (int?)null;
        var tenant = context.GetOrDefault<string?>("tenantId", null);
        VariableMap variables;
        string engineName;
        try
        {
            engineName = EngineChoice.Of(context, engines);
            variables = VariableMapping.Apply(context.Variables, context.Variables["variableMapping"], OwnInputs);
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException)
        {
            return WorkUnitResult.Failure("The process cannot be started: " + ex.Message, retryable: false);
        }

        var body = new StartProcessInstance
        {
            BusinessKey = context.GetOrDefault<string?>("businessKey", null) ?? context.BusinessKey,
            Variables = variables,
        };

        var engine = engines.Get(engineName);
        ProcessInstance instance;
        if (version is { } wanted)
        {
            var definitions = await engine.ProcessDefinitions.ListAsync(new ProcessDefinitionQuery
            {
                Key = key,
                Version = wanted,
                TenantIdIn = tenant is null ? null : [tenant],
                WithoutTenantId = tenant is null ? true : null,
            }, cancellationToken).ConfigureAwait(false);
            if (definitions.Count == 0)
            {
                return WorkUnitResult.Failure($"The engine has no version {wanted} of process '{key}'{(tenant is null ? "" : $" for tenant '{tenant}'")}.",
                    retryable: false);
            }

            instance = await engine.ProcessDefinitions.StartByIdAsync(definitions[0].Id, body, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            instance = await engine.ProcessDefinitions.StartByKeyAsync(key, body, tenant, cancellationToken).ConfigureAwait(false);
        }

        await context.Checkpoint.SaveAsync(instance.Id, cancellationToken).ConfigureAwait(false);
        return Done(instance.Id);
    }

    private static CompleteResult Done(string instanceId) => WorkUnitResult.Complete(new VariableMap { ["startedProcessInstanceId"] = instanceId });
}
