using System.Globalization;
using System.Text.Json;
using Bptl.Sandbox.Engine;
using Bptl.Sandbox.Time;

namespace Bptl.Sandbox.Variables;

/// <summary>
/// Turns the wire form of a variable into a <see cref="TypedValue"/> with the checks and messages of
/// Camunda's <c>VariableValueDto.toTypedValue</c>: primitives are re-parsed from their text when the
/// JSON type does not already fit, serializable types need a string, a File needs a filename.
/// </summary>
internal static class VariableConverter
{
    public static Dictionary<string, TypedValue>? FromMap(Dictionary<string, VariableValueDto?>? map)
    {
        if (map is null || map.Count == 0)
        {
            return null;
        }

        var result = new Dictionary<string, TypedValue>(map.Count, StringComparer.Ordinal);
        foreach (var (name, dto) in map)
        {
            result[name] = dto is null ? TypedValue.NullValue : FromDto(dto);
        }

        return result;
    }

    public static TypedValue FromDto(VariableValueDto dto)
    {
        var value = dto.Value;
        var isTransient = ReadTransient(dto.ValueInfo);
        if (dto.Type is null)
        {
            return Infer(value, isTransient);
        }

        if (!VariableKinds.TryParse(dto.Type, out var kind, out var isNumber))
        {
            throw Errors.Rest(400, "Unsupported value type '" + dto.Type + "'");
        }

        if (isNumber)
        {
            return ConvertNumber(dto.Type, value, isTransient);
        }

        return kind switch
        {
            VariableKind.Null => new TypedValue(VariableKind.Null, null) { IsTransient = isTransient },
            VariableKind.Object or VariableKind.Json or VariableKind.Xml => Serializable(kind, dto, isTransient),
            VariableKind.File => File(dto, isTransient),
            _ => Primitive(kind, dto.Type, value, isTransient),
        };
    }

    private static bool IsNull(JsonElement value) =>
        value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    private static TypedValue Infer(JsonElement value, bool isTransient)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return new TypedValue(VariableKind.String, value.GetString()) { IsTransient = isTransient };
            case JsonValueKind.True:
            case JsonValueKind.False:
                return new TypedValue(VariableKind.Boolean, value.GetBoolean()) { IsTransient = isTransient };
            case JsonValueKind.Number:
                return InferNumber(value, isTransient);
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                throw Errors.ProcessEngine("ENGINE-17007 Cannot set variable with an untyped object or array value. Java serialization format is prohibited");
            default:
                return new TypedValue(VariableKind.Null, null) { IsTransient = isTransient };
        }
    }

    private static TypedValue InferNumber(JsonElement value, bool isTransient)
    {
        if (value.TryGetInt32(out var i))
        {
            return new TypedValue(VariableKind.Integer, i) { IsTransient = isTransient };
        }

        if (value.TryGetInt64(out var l))
        {
            return new TypedValue(VariableKind.Long, l) { IsTransient = isTransient };
        }

        return new TypedValue(VariableKind.Double, value.GetDouble()) { IsTransient = isTransient };
    }

    private static TypedValue ConvertNumber(string type, JsonElement value, bool isTransient)
    {
        if (IsNull(value))
        {
            return new TypedValue(VariableKind.Integer, null) { IsTransient = isTransient };
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return InferNumber(value, isTransient);
        }

        var text = JavaText(value).Trim();
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
        {
            return new TypedValue(VariableKind.Integer, i) { IsTransient = isTransient };
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return new TypedValue(VariableKind.Long, l) { IsTransient = isTransient };
        }

        if (TryParseJavaDouble(text, out var d))
        {
            return new TypedValue(VariableKind.Double, d) { IsTransient = isTransient };
        }

        throw CannotConvert(value, type, VariableKind.Null, isNumber: true);
    }

    private static TypedValue Primitive(VariableKind kind, string type, JsonElement value, bool isTransient)
    {
        if (IsNull(value))
        {
            return new TypedValue(kind, null) { IsTransient = isTransient };
        }

        object? converted = kind switch
        {
            VariableKind.String => value.ValueKind == JsonValueKind.String ? value.GetString() : JavaText(value),
            VariableKind.Boolean => ToBoolean(value, type),
            VariableKind.Short => ToIntegral(value, type, kind, short.MinValue, short.MaxValue) is { } s ? (short)s : null,
            VariableKind.Integer => ToIntegral(value, type, kind, int.MinValue, int.MaxValue) is { } n ? (int)n : null,
            VariableKind.Long => ToIntegral(value, type, kind, long.MinValue, long.MaxValue),
            VariableKind.Double => ToDouble(value, type),
            VariableKind.Date => ToDate(value, type),
            VariableKind.Bytes => ToBytes(value, type),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return new TypedValue(kind, converted) { IsTransient = isTransient };
    }

    private static bool? ToBoolean(JsonElement value, string type)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        var text = JavaText(value).Trim();
        return text switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            "" or "null" => null,
            _ => throw CannotConvert(value, type, VariableKind.Boolean),
        };
    }

    private static long? ToIntegral(JsonElement value, string type, VariableKind kind, long min, long max)
    {
        if (value.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
        {
            throw CannotConvert(value, type, kind);
        }

        var text = JavaText(value).Trim();
        if (text.Length == 0 || text == "null")
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            || parsed < min || parsed > max)
        {
            throw CannotConvert(value, type, kind);
        }

        return parsed;
    }

    private static double? ToDouble(JsonElement value, string type)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }

        var text = JavaText(value).Trim();
        if (text.Length == 0 || text == "null")
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !TryParseJavaDouble(text, out var parsed))
        {
            throw CannotConvert(value, type, VariableKind.Double);
        }

        return parsed;
    }

    private static DateTimeOffset? ToDate(JsonElement value, string type)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            if (text.Length == 0)
            {
                return null;
            }

            if (CamundaDateFormat.TryParse(text, out var parsed))
            {
                return parsed;
            }
        }

        throw CannotConvert(value, type, VariableKind.Date);
    }

    private static byte[] ToBytes(JsonElement value, string type)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            var buffer = new byte[((text.Length + 3) / 4) * 3];
            if (Convert.TryFromBase64String(text, buffer, out var written))
            {
                return buffer.AsSpan(0, written).ToArray();
            }
        }

        throw CannotConvert(value, type, VariableKind.Bytes);
    }

    private static TypedValue Serializable(VariableKind kind, VariableValueDto dto, bool isTransient)
    {
        var value = dto.Value;
        if (!IsNull(value) && value.ValueKind != JsonValueKind.String)
        {
            throw Errors.InvalidRequest(400, "Must provide 'null' or String value for value of SerializableValue type '" + dto.Type + "'.");
        }

        var serialized = IsNull(value) ? null : value.GetString();
        if (kind != VariableKind.Object)
        {
            return new TypedValue(kind, serialized) { IsTransient = isTransient };
        }

        return new TypedValue(kind, serialized)
        {
            IsTransient = isTransient,
            ObjectTypeName = InfoString(dto.ValueInfo, "objectTypeName"),
            SerializationDataFormat = InfoString(dto.ValueInfo, "serializationDataFormat"),
        };
    }

    private static TypedValue File(VariableValueDto dto, bool isTransient)
    {
        var filename = InfoString(dto.ValueInfo, "filename");
        if (filename is null)
        {
            throw Errors.IllegalArgument("Cannot create file without filename! Please set a name into ValueInfo with key filename");
        }

        if (dto.Value.ValueKind != JsonValueKind.String)
        {
            throw Errors.IllegalArgument("Provided value is not of File, InputStream or byte[] type.");
        }

        return new TypedValue(VariableKind.File, DecodeBase64Leniently(dto.Value.GetString()!))
        {
            IsTransient = isTransient,
            Filename = filename,
            MimeType = InfoString(dto.ValueInfo, "mimeType"),
            Encoding = InfoString(dto.ValueInfo, "encoding"),
        };
    }

    /// <summary>Like commons-codec's decoder, which Camunda uses for File values: skip what is not base64.</summary>
    private static byte[] DecodeBase64Leniently(string text)
    {
        var buffer = new byte[((text.Length + 3) / 4) * 3];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            return buffer.AsSpan(0, written).ToArray();
        }

        var clean = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/')
            {
                clean.Append(c);
            }
        }

        clean.Append('=', (4 - (clean.Length % 4)) % 4);
        return Convert.TryFromBase64String(clean.ToString(), buffer, out written) ? buffer.AsSpan(0, written).ToArray() : [];
    }

    private static bool ReadTransient(Dictionary<string, JsonElement>? valueInfo)
    {
        if (valueInfo is null || !valueInfo.TryGetValue("transient", out var element))
        {
            return false;
        }

        return element.ValueKind == JsonValueKind.True
            || (element.ValueKind == JsonValueKind.String && string.Equals(element.GetString(), "true", StringComparison.OrdinalIgnoreCase));
    }

    private static string? InfoString(Dictionary<string, JsonElement>? valueInfo, string key)
    {
        if (valueInfo is null || !valueInfo.TryGetValue(key, out var element) || IsNull(element))
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
    }

    private static bool TryParseJavaDouble(string text, out double value)
    {
        switch (text)
        {
            case "NaN": value = double.NaN; return true;
            case "Infinity" or "+Infinity": value = double.PositiveInfinity; return true;
            case "-Infinity": value = double.NegativeInfinity; return true;
        }

        var span = text.AsSpan();
        if (span.Length > 1 && span[^1] is 'd' or 'D' or 'f' or 'F')
        {
            span = span[..^1];
        }

        return double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>The value's text as Java's <c>toString</c> of the Jackson-parsed object would print it.</summary>
    private static string JavaText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number when value.TryGetInt64(out var l) => l.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number => IsIntegralText(value.GetRawText()) ? value.GetRawText() : JavaNumberFormat.FormatDouble(value.GetDouble()),
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        _ => value.GetRawText(),
    };

    private static bool IsIntegralText(string raw) => raw.AsSpan().IndexOfAny(".eE") < 0;

    private static EngineError CannotConvert(JsonElement value, string type, VariableKind kind, bool isNumber = false) =>
        Errors.InvalidRequest(400, "Cannot convert value '" + JavaText(value) + "' of type '" + type + "' to java type " + VariableKinds.JavaClass(kind, isNumber));
}
