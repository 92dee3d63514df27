using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bptl.Variables;

/// <summary>
/// Reads and writes the engine's <c>VariableValueDto</c>: <c>{"value": …, "type": "…", "valueInfo": {…}}</c>.
/// </summary>
/// <remarks>
/// Reading is lenient on purpose: a value whose JSON does not fit its declared type, or a type this client
/// does not know, becomes an <see cref="VariableType.Unknown"/> value carrying the raw JSON and the declared
/// type name, so one odd variable never makes a whole fetched batch unreadable. The error surfaces when
/// someone reads that variable, naming it.
/// </remarks>
public sealed class VariableValueJsonConverter : JsonConverter<VariableValue>
{
    /// <inheritdoc />
    public override VariableValue? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A variable must be a JSON object, not {reader.TokenType}.");
        }

        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        string? typeName = null;
        JsonElement value = default;
        var info = VariableValueInfo.Empty;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "type":
                    typeName = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    break;
                case "value":
                    value = property.Value;
                    break;
                case "valueInfo":
                    info = ReadValueInfo(property.Value);
                    break;
            }
        }

        return Create(typeName, value, info);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, VariableValue value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("value");
        WriteValue(writer, value);
        writer.WriteString("type", value.TypeName);
        writer.WritePropertyName("valueInfo");
        WriteValueInfo(writer, value.ValueInfo);
        writer.WriteEndObject();
    }

    private static VariableValue Create(string? typeName, JsonElement value, VariableValueInfo info)
    {
        var type = VariableTypeNames.Parse(typeName);
        var isNull = value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;
        object? clr = type switch
        {
            _ when isNull => null,
            VariableType.String or VariableType.Json or VariableType.Xml =>
                value.ValueKind == JsonValueKind.String ? value.GetString() : Unfit,
            VariableType.Boolean => ReadBoolean(value),
            VariableType.Short => ReadInteger(value, short.MinValue, short.MaxValue) is { } s ? (short)s : Unfit,
            VariableType.Integer => ReadInteger(value, int.MinValue, int.MaxValue) is { } i ? (int)i : Unfit,
            VariableType.Long => ReadInteger(value, long.MinValue, long.MaxValue) is { } l ? l : Unfit,
            VariableType.Double => ReadDouble(value),
            VariableType.Date => value.ValueKind == JsonValueKind.String && TryReadDate(value.GetString(), out var d) ? d : Unfit,
            VariableType.Bytes or VariableType.File =>
                value.ValueKind == JsonValueKind.String && value.TryGetBytesFromBase64(out var bytes) ? bytes : Unfit,
            VariableType.Object => value.ValueKind == JsonValueKind.String ? value.GetString() : value.Clone(),
            VariableType.Null => null,
            _ => value.Clone(),
        };

        if (type == VariableType.Unknown || ReferenceEquals(clr, Unfit))
        {
            return VariableValue.Unreadable(string.IsNullOrEmpty(typeName) ? "(none)" : typeName,
                isNull ? null : value.Clone(), info);
        }

        return VariableValue.FromRaw(VariableTypeNames.ToWireName(type), clr, info);
    }

    // Marks a value whose JSON does not fit its declared type; it is then kept raw.
    private static readonly object Unfit = new();

    private static object ReadBoolean(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(value.GetString(), out var b) => b,
        _ => Unfit,
    };

    private static long? ReadInteger(JsonElement value, long min, long max)
    {
        long parsed;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetInt64(out parsed))
            {
                return null;
            }
        }
        else if (value.ValueKind != JsonValueKind.String
                 || !long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out parsed))
        {
            return null;
        }

        return parsed < min || parsed > max ? null : parsed;
    }

    private static object ReadDouble(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => Unfit,
    };

    private static bool TryReadDate(string? text, out DateTimeOffset value) =>
        CamundaDate.TryParse(text, out value)
        || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value);

    private static VariableValueInfo ReadValueInfo(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return VariableValueInfo.Empty;
        }

        var info = VariableValueInfo.Empty;
        Dictionary<string, JsonElement>? other = null;
        foreach (var p in element.EnumerateObject())
        {
            var text = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
            switch (p.Name)
            {
                case "objectTypeName" when text is not null: info = info with { ObjectTypeName = text }; break;
                case "serializationDataFormat" when text is not null: info = info with { SerializationDataFormat = text }; break;
                case "filename" when text is not null: info = info with { FileName = text }; break;
                case "mimeType" when text is not null: info = info with { MimeType = text }; break;
                case "encoding" when text is not null: info = info with { Encoding = text }; break;
                case "transient" when p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    info = info with { Transient = p.Value.GetBoolean() };
                    break;
                default:
                    (other ??= new(StringComparer.Ordinal))[p.Name] = p.Value.Clone();
                    break;
            }
        }

        return other is null ? info : info with { Other = other };
    }

    private static void WriteValue(Utf8JsonWriter writer, VariableValue variable)
    {
        switch (variable.Value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case short s: writer.WriteNumberValue(s); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case float f: writer.WriteNumberValue(f); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case DateTimeOffset d: CamundaDate.WriteJson(writer, d); break;
            case DateTime d: CamundaDate.WriteJson(writer, new DateTimeOffset(d.ToUniversalTime(), TimeSpan.Zero)); break;
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            // The engine takes an Object's value only as its serialized string.
            case JsonElement e when variable.Type == VariableType.Object: writer.WriteStringValue(e.GetRawText()); break;
            case JsonElement e: e.WriteTo(writer); break;
            default:
                throw new JsonException($"A {variable.TypeName} variable holds a {variable.Value.GetType().Name}, which has no JSON form; use a VariableValue factory.");
        }
    }

    private static void WriteValueInfo(Utf8JsonWriter writer, VariableValueInfo info)
    {
        writer.WriteStartObject();
        WriteIfSet(writer, "objectTypeName", info.ObjectTypeName);
        WriteIfSet(writer, "serializationDataFormat", info.SerializationDataFormat);
        WriteIfSet(writer, "filename", info.FileName);
        WriteIfSet(writer, "mimeType", info.MimeType);
        WriteIfSet(writer, "encoding", info.Encoding);
        if (info.Transient is { } transient)
        {
            writer.WriteBoolean("transient", transient);
        }

        if (info.Other is not null)
        {
            foreach (var (key, value) in info.Other)
            {
                writer.WritePropertyName(key);
                value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
