using System.Buffers;
using System.Text.Json;

namespace Bptl.Variables;

/// <summary>Serializes variables in the engine's JSON shape, without reflection.</summary>
public static class VariableJson
{
    private static readonly VariableMapJsonConverter MapConverter = new();
    private static readonly JsonSerializerOptions Options = new();

    /// <summary>The engine's JSON of <paramref name="variables"/>: a map of name → <c>{"value","type","valueInfo"}</c>.</summary>
    public static string Serialize(VariableMap variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            MapConverter.Write(writer, variables, Options);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads what <see cref="Serialize"/> wrote; a JSON null or empty text is an empty map.</summary>
    public static VariableMap Deserialize(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        reader.Read();
        return MapConverter.Read(ref reader, typeof(VariableMap), Options) ?? [];
    }
}
