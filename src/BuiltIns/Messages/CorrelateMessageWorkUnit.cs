using System.Text.Json;
using Bptl.BuiltIns.Templates;
using Bptl.Camunda.Errors;
using Bptl.Camunda.Messages;
using Bptl.Grains.Engines;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Interfaces.WorkUnits.Contracts;
using Bptl.Variables;

namespace Bptl.BuiltIns.Messages;

/// <summary>
/// <c>bptl.correlate-message</c>: correlates a message by name in the calling task's engine, to the processes waiting
/// for it (a message catch event or receive task) or to a message start event, narrowed by business key, process
/// instance and correlation keys, passing variables from the calling process. Sets
/// <c>correlatedProcessInstanceIds</c>. When nothing waits yet, the task fails with retries (the receiver may not have
/// reached its catch event); several matches without <c>all</c> is a failure without retries. The result is
/// checkpointed, so a rerun after a lost report does not correlate twice.
/// </summary>
public sealed class CorrelateMessageWorkUnit(IEngineClients engines) : IWorkUnit
{
    /// <summary>The name topics map to.</summary>
    public const string Name = "bptl.correlate-message";

    private static readonly string[] OwnInputs =
        ["messageName", "businessKey", "processInstanceId", "correlationKeys", "tenantId", "all", "variableMapping", "engine"];

    /// <summary>The contract.</summary>
    public static void Contract(WorkUnitContractBuilder contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        contract
            .Describe("Correlates a message to the processes waiting for it (or starting on it), passing variables along.")
            .RequiredInput<string>("messageName", "The message's name, as in the receiving BPMN.")
            .OptionalInput<string>("businessKey", description: "Only processes with this business key.")
            .OptionalInput<string>("processInstanceId", description: "Only this process instance.")
            .OptionalInput<VariableValue>("correlationKeys", description: "A JSON object of variable → value the receiving process must have.")
            .OptionalInput<string>("tenantId", description: "Only this tenant.")
            .OptionalInput<bool>("all", false, "Correlate to every match instead of exactly one.")
            .OptionalInput<string>("engine", description:
                "The configured engine to use; the calling task's engine when left out, and the engine named 'default' for direct and cron runs.")
            .OptionalInput<VariableValue>("variableMapping", "none",
                "Variables passed with the message: \"none\" (the default), \"all\", a JSON array of names or a JSON object of renames.")
            .Output<JsonElement>("correlatedProcessInstanceIds", "A JSON array of the process instances the message reached.", required: true);
    }

    /// <inheritdoc />
    public async Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await context.Checkpoint.LoadAsync<string[]>(cancellationToken).ConfigureAwait(false) is { } done)
        {
            return Done(done);
        }

        var name = context.Get<string>("messageName");
        CorrelateMessageRequest request;
        string engineName;
        try
        {
            engineName = EngineChoice.Of(context, engines);
            request = new CorrelateMessageRequest
            {
                MessageName = name,
                BusinessKey = context.GetOrDefault<string?>("businessKey", null),
                ProcessInstanceId = context.GetOrDefault<string?>("processInstanceId", null),
                TenantId = context.GetOrDefault<string?>("tenantId", null),
                CorrelationKeys = Keys(context.Variables.GetValueOrDefault("correlationKeys")),
                ProcessVariables = VariableMapping.Apply(context.Variables, context.Variables["variableMapping"], OwnInputs),
                All = context.Get<bool>("all"),
                ResultEnabled = true,
            };
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException)
        {
            return WorkUnitResult.Failure("The message cannot be built: " + ex.Message, retryable: false);
        }

        IReadOnlyList<MessageCorrelationResult> results;
        try
        {
            results = await engines.Get(engineName).Messages.CorrelateAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (CamundaMessageCorrelationException ex) when (ex.NothingMatched)
        {
            return WorkUnitResult.Failure($"No process waits for message '{name}' with these parameters (yet): {ex.EngineMessage}", retryable: true);
        }
        catch (CamundaMessageCorrelationException ex)
        {
            return WorkUnitResult.Failure($"Message '{name}' matches more than one process; set all=true or narrow it: {ex.EngineMessage}", retryable: false);
        }

        var ids = results.Select(r => r.ProcessInstanceId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        if (request.All && ids.Length == 0)
        {
            return WorkUnitResult.Failure($"No process waits for message '{name}' with these parameters (yet).", retryable: true);
        }

        await context.Checkpoint.SaveAsync(ids, cancellationToken).ConfigureAwait(false);
        return Done(ids);
    }

    private static CompleteResult Done(string[] ids) =>
        WorkUnitResult.Complete(new VariableMap { ["correlatedProcessInstanceIds"] = VariableValue.Json(JsonSerializer.Serialize(ids, MessageJson.Default.StringArray)) });

    private static VariableMap? Keys(VariableValue? value)
    {
        if (value is null || value.Type == VariableType.Null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(VariableTemplate.AsText(value) ?? "{}");
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("correlationKeys must be a JSON object of variable → value.");
        }

        var keys = new VariableMap();
        foreach (var key in document.RootElement.EnumerateObject())
        {
            keys[key.Name] = key.Value.ValueKind switch
            {
                JsonValueKind.String => key.Value.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number when key.Value.TryGetInt32(out var i) => i,
                JsonValueKind.Number when key.Value.TryGetInt64(out var l) => l,
                JsonValueKind.Number => key.Value.GetDouble(),
                _ => throw new ArgumentException($"correlationKeys' '{key.Name}' must be a string, number or boolean."),
            };
        }

        return keys;
    }
}
