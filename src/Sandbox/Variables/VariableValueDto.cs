using System.Text.Json;

namespace Bptl.Sandbox.Variables;

/// <summary>The wire form of a typed value as a client sends it: <c>{"value","type","valueInfo"}</c>.</summary>
internal sealed class VariableValueDto
{
    /// <summary>The raw value; <see cref="JsonValueKind.Undefined"/> when the property is absent.</summary>
    public JsonElement Value { get; set; }

    public string? Type { get; set; }

    public Dictionary<string, JsonElement>? ValueInfo { get; set; }
}
