using System.Buffers;
using System.Text;
using System.Text.Json;
using Bptl.Grains.Tasks;
using Bptl.Variables;

namespace Bptl.Storage.Tasks;

/// <summary>
/// The stored form of a <see cref="TaskOutcome"/> (column <c>bptl_task.outcome</c>). Written by hand so that its
/// shape is fixed: maintenance SQL builds the same shape when it poisons a task.
/// <c>{"kind":"complete|failure|bpmn_error","variables":{...},"localVariables":{...},"errorMessage","errorDetails",
/// "errorType","errorCode","retries","retryTimeoutMs","reason"}</c>.
/// </summary>
internal static class OutcomeJson
{
    public static string Serialize(TaskOutcome outcome)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", Kind(outcome.Kind));
            WriteVariables(writer, "variables", outcome.Variables);
            WriteVariables(writer, "localVariables", outcome.LocalVariables);
            WriteIfSet(writer, "errorMessage", outcome.ErrorMessage);
            WriteIfSet(writer, "errorDetails", outcome.ErrorDetails);
            WriteIfSet(writer, "errorType", outcome.ErrorType);
            WriteIfSet(writer, "errorCode", outcome.ErrorCode);
            writer.WriteNumber("retries", outcome.Retries);
            writer.WriteNumber("retryTimeoutMs", (long)outcome.RetryTimeout.TotalMilliseconds);
            WriteIfSet(writer, "reason", outcome.Reason);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static TaskOutcome? Deserialize(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new TaskOutcome
        {
            Kind = root.GetProperty("kind").GetString() switch
            {
                "complete" => TaskOutcomeKind.Complete,
                "failure" => TaskOutcomeKind.Failure,
                "bpmn_error" => TaskOutcomeKind.BpmnError,
                var other => throw new JsonException($"Unknown outcome kind '{other}'."),
            },
            Variables = ReadVariables(root, "variables"),
            LocalVariables = ReadVariables(root, "localVariables"),
            ErrorMessage = ReadString(root, "errorMessage"),
            ErrorDetails = ReadString(root, "errorDetails"),
            ErrorType = ReadString(root, "errorType"),
            ErrorCode = ReadString(root, "errorCode"),
            Retries = root.TryGetProperty("retries", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : 0,
            RetryTimeout = root.TryGetProperty("retryTimeoutMs", out var t) && t.ValueKind == JsonValueKind.Number
                ? TimeSpan.FromMilliseconds(t.GetInt64())
                : TimeSpan.Zero,
            Reason = ReadString(root, "reason"),
        };
    }

    public static string Kind(TaskOutcomeKind kind) => kind switch
    {
        TaskOutcomeKind.Complete => "complete",
        TaskOutcomeKind.Failure => "failure",
        _ => "bpmn_error",
    };

    private static void WriteVariables(Utf8JsonWriter writer, string name, VariableMap? variables)
    {
        if (variables is { Count: > 0 })
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(VariableJson.Serialize(variables), skipInputValidation: true);
        }
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static VariableMap? ReadVariables(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? VariableJson.Deserialize(value.GetRawText()) : null;

    private static string? ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
