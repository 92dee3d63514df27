using System.Text.Json;
using Bptl.Variables;

namespace Bptl.Silo.Api;

/// <summary>
/// The body of a direct execution: <c>{"variables": {name: {"value", "type", "valueInfo"}}, "businessKey": "..."}</c>,
/// the variables in the engine's JSON. Both members are optional; any other member is refused, so that a typo is
/// not silently ignored.
/// </summary>
internal sealed record DirectExecutionRequest(VariableMap Variables, string? BusinessKey)
{
    private static readonly VariableValueJsonConverter Converter = new();
    private static readonly JsonSerializerOptions Options = new();

    /// <summary>Reads <paramref name="body"/>; on failure, <paramref name="error"/> says what is wrong in words a caller can act on.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out DirectExecutionRequest? request, out string? error)
    {
        request = null;
        error = null;
        if (body.IsEmpty)
        {
            request = new DirectExecutionRequest([], null);
            return true;
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            error = $"The body is not valid JSON: {ex.Message}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"The body must be a JSON object such as {{\"variables\": {{}}}}, not {Describe(root.ValueKind)}.";
                return false;
            }

            var variables = new VariableMap();
            string? businessKey = null;
            foreach (var member in root.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "variables":
                        if (!TryReadVariables(member.Value, variables, out error))
                        {
                            return false;
                        }

                        break;
                    case "businessKey":
                        if (member.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                        {
                            error = $"\"businessKey\" must be a string, not {Describe(member.Value.ValueKind)}.";
                            return false;
                        }

                        businessKey = member.Value.GetString();
                        break;
                    default:
                        error = $"Unknown member \"{member.Name}\": the body takes \"variables\" and \"businessKey\".";
                        return false;
                }
            }

            request = new DirectExecutionRequest(variables, businessKey);
            return true;
        }
    }

    private static bool TryReadVariables(JsonElement element, VariableMap variables, out string? error)
    {
        error = null;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            error = $"\"variables\" must be an object of name → {{\"value\", \"type\"}}, not {Describe(element.ValueKind)}.";
            return false;
        }

        foreach (var variable in element.EnumerateObject())
        {
            if (variable.Value.ValueKind != JsonValueKind.Object)
            {
                error = $"The variable '{variable.Name}' must be an object such as {{\"value\": 42, \"type\": \"Integer\"}}, not {Describe(variable.Value.ValueKind)}.";
                return false;
            }

            var raw = JsonSerializer.SerializeToUtf8Bytes(variable.Value);
            var reader = new Utf8JsonReader(raw);
            reader.Read();
            var value = Converter.Read(ref reader, typeof(VariableValue), Options) ?? VariableValue.Null();
            if (value.Type == VariableType.Unknown)
            {
                error = variable.Value.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                    ? $"The variable '{variable.Name}' cannot be read: its type '{type.GetString()}' is not an engine type, or its value does not fit that type."
                    : $"The variable '{variable.Name}' has no \"type\" (String, Integer, Long, Double, Boolean, Date, Json, Object, Bytes, File, Null...).";
                return false;
            }

            variables[variable.Name] = value;
        }

        return true;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
