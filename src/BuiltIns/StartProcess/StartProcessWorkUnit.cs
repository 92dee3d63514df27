using System.Text.Json;
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

    private static readonly string[] OwnInputs = ["processDefinitionKey", "processDefinitionVersion", "tenantId", "businessKey", "variableMapping"];

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
        try
        {
            variables = Map(context.Variables, context.Variables["variableMapping"]);
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException)
        {
            return WorkUnitResult.Failure("variableMapping is not usable: " + ex.Message, retryable: false);
        }

        var body = new StartProcessInstance
        {
            BusinessKey = context.GetOrDefault<string?>("businessKey", null) ?? context.BusinessKey,
            Variables = variables,
        };

        var engine = engines.Get(context.Engine);
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

    /// <summary>The variables the new instance gets under <paramref name="mapping"/>.</summary>
    internal static VariableMap Map(VariableMap source, VariableValue mapping)
    {
        if (mapping.Type == VariableType.String && mapping.Value is string word)
        {
            return word switch
            {
                "all" => new VariableMap(source.Where(p => !OwnInputs.Contains(p.Key))),
                "none" => [],
                _ => throw new ArgumentException($"variableMapping must be \"all\", \"none\", a JSON array of names or a JSON object of renames (was \"{word}\")."),
            };
        }

        if (mapping.Type != VariableType.Json)
        {
            throw new ArgumentException($"variableMapping must be a String (\"all\" or \"none\") or Json, not {mapping.TypeName}.");
        }

        using var document = JsonDocument.Parse(VariableTemplateText(mapping));
        var mapped = new VariableMap();
        switch (document.RootElement.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in document.RootElement.EnumerateArray())
                {
                    var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new ArgumentException("variableMapping's array must hold variable names.");
                    mapped[name] = Required(source, name);
                }

                break;
            case JsonValueKind.Object:
                foreach (var rename in document.RootElement.EnumerateObject())
                {
                    var target = rename.Value.ValueKind == JsonValueKind.String ? rename.Value.GetString()! : throw new ArgumentException($"variableMapping's entry '{rename.Name}' must map to a name.");
                    mapped[target] = Required(source, rename.Name);
                }

                break;
            default:
                throw new ArgumentException("variableMapping's JSON must be an array of names or an object of renames.");
        }

        return mapped;
    }

    private static string VariableTemplateText(VariableValue value) => Templates.VariableTemplate.AsText(value) ?? "null";

    private static VariableValue Required(VariableMap source, string name) =>
        source.TryGetValue(name, out var value) ? value : throw new ArgumentException($"variableMapping names '{name}', which the calling process does not have.");
}
