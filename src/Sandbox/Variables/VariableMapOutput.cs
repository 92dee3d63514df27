using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bptl.Sandbox.Variables;

/// <summary>
/// A snapshot of variables to send as a JSON object name → VariableValueDto. Taken under the engine
/// lock (values are immutable), written later without it.
/// </summary>
[JsonConverter(typeof(VariableMapOutputConverter))]
internal sealed class VariableMapOutput
{
    public static readonly VariableMapOutput Empty = new([], deserializeValues: false, TimeZoneInfo.Utc);

    public VariableMapOutput(List<KeyValuePair<string, TypedValue>> entries, bool deserializeValues, TimeZoneInfo zone)
    {
        Entries = entries;
        DeserializeValues = deserializeValues;
        Zone = zone;
    }

    public List<KeyValuePair<string, TypedValue>> Entries { get; }

    public bool DeserializeValues { get; }

    public TimeZoneInfo Zone { get; }
}

internal sealed class VariableMapOutputConverter : JsonConverter<VariableMapOutput>
{
    public override VariableMapOutput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Variable maps are only written.");

    public override void Write(Utf8JsonWriter writer, VariableMapOutput value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, typed) in value.Entries)
        {
            writer.WritePropertyName(name);
            VariableJsonWriter.Write(writer, typed, value.DeserializeValues, value.Zone);
        }

        writer.WriteEndObject();
    }
}

/// <summary>One typed value written on its own (GET of a single variable).</summary>
[JsonConverter(typeof(SingleVariableOutputConverter))]
internal sealed class SingleVariableOutput
{
    public SingleVariableOutput(TypedValue value, bool deserializeValue, TimeZoneInfo zone)
    {
        Value = value;
        DeserializeValue = deserializeValue;
        Zone = zone;
    }

    public TypedValue Value { get; }

    public bool DeserializeValue { get; }

    public TimeZoneInfo Zone { get; }
}

internal sealed class SingleVariableOutputConverter : JsonConverter<SingleVariableOutput>
{
    public override SingleVariableOutput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Variables are only written.");

    public override void Write(Utf8JsonWriter writer, SingleVariableOutput value, JsonSerializerOptions options) =>
        VariableJsonWriter.Write(writer, value.Value, value.DeserializeValue, value.Zone);
}
