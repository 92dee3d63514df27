using System.Text.Json;

namespace Bptl.Camunda.Errors;

/// <summary>Reads the engine's error body <c>{"type","message","code"}</c>.</summary>
internal static class EngineError
{
    public static bool TryParse(string body, out string? type, out string? message, out int? code)
    {
        type = message = null;
        code = null;
        if (string.IsNullOrWhiteSpace(body))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            type = ReadString(root, "type");
            message = ReadString(root, "message");
            code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
