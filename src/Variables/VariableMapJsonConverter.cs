using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bptl.Variables;

/// <summary>Reads and writes a <see cref="VariableMap"/> as the engine's map of name → <c>VariableValueDto</c>.</summary>
public sealed class VariableMapJsonConverter : JsonConverter<VariableMap>
{
    private static readonly VariableValueJsonConverter ValueConverter = new();

    /// <inheritdoc />
    public override VariableMap? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Variables must be a JSON object, not {reader.TokenType}.");
        }

        var map = new VariableMap();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            map[name] = ValueConverter.Read(ref reader, typeof(VariableValue), options) ?? VariableValue.Null();
        }

        return map;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, VariableMap value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, variable) in value)
        {
            writer.WritePropertyName(name);
            ValueConverter.Write(writer, variable, options);
        }

        writer.WriteEndObject();
    }
}
