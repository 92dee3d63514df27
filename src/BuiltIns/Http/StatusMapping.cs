using System.Globalization;
using System.Text.Json;
using Bptl.BuiltIns.Templates;
using Bptl.Variables;

namespace Bptl.BuiltIns.Http;

/// <summary>What a response status leads to.</summary>
internal abstract record StatusAction
{
    public static readonly StatusAction Complete = new Simple("complete");
    public static readonly StatusAction Failure = new Simple("failure");
    public static readonly StatusAction Retry = new Simple("retry");

    private sealed record Simple(string Name) : StatusAction;

    public sealed record BpmnError(string Code) : StatusAction;
}

/// <summary>The <c>statusMapping</c> of <see cref="HttpRequestWorkUnit"/>: exact statuses first, then classes, then the defaults.</summary>
internal sealed class StatusMapping
{
    private readonly Dictionary<string, StatusAction> _actions;

    private StatusMapping(Dictionary<string, StatusAction> actions) => _actions = actions;

    public static StatusMapping Parse(VariableValue? mapping)
    {
        var actions = new Dictionary<string, StatusAction>(StringComparer.OrdinalIgnoreCase);
        if (mapping is null || mapping.Type == VariableType.Null)
        {
            return new StatusMapping(actions);
        }

        using var document = JsonDocument.Parse(VariableTemplate.AsText(mapping) ?? "{}");
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("statusMapping must be a JSON object of status or class → action.");
        }

        foreach (var entry in document.RootElement.EnumerateObject())
        {
            var key = entry.Name.Trim();
            var valid = key.Length == 3
                && (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code is >= 100 and <= 599 : key[0] is >= '1' and <= '5' && key[1..].Equals("xx", StringComparison.OrdinalIgnoreCase));
            if (!valid)
            {
                throw new ArgumentException($"statusMapping's key '{entry.Name}' is neither a status (\"404\") nor a class (\"4xx\").");
            }

            var action = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()!.Trim() : "";
            actions[key] = action switch
            {
                "complete" => StatusAction.Complete,
                "failure" => StatusAction.Failure,
                "retry" => StatusAction.Retry,
                _ when action.StartsWith("bpmn:", StringComparison.Ordinal) && action.Length > 5 => new StatusAction.BpmnError(action[5..]),
                _ => throw new ArgumentException($"statusMapping's action for '{key}' must be complete, failure, retry or bpmn:<errorCode> (was '{action}')."),
            };
        }

        return new StatusMapping(actions);
    }

    public StatusAction Decide(int status)
    {
        var exact = status.ToString(CultureInfo.InvariantCulture);
        if (_actions.TryGetValue(exact, out var action) || _actions.TryGetValue(exact[0] + "xx", out action))
        {
            return action;
        }

        return status switch
        {
            >= 200 and < 300 => StatusAction.Complete,
            408 or 429 or >= 500 => StatusAction.Retry,
            _ => StatusAction.Failure,
        };
    }
}
