using System.Globalization;
using System.Text.Json;

namespace Bptl.Variables;

public sealed partial class VariableValue
{
    /// <summary>
    /// Reads the value as <typeparamref name="T"/>. Supported: <see cref="string"/> (String, Json, Xml and a
    /// serialized Object), <see cref="bool"/>, <see cref="short"/>, <see cref="int"/>, <see cref="long"/>
    /// (any integer type whose value fits), <see cref="double"/> (any number), <see cref="DateTimeOffset"/> and
    /// <see cref="DateTime"/> (Date), <see cref="byte"/>[] (Bytes, or a File with content), <see cref="JsonElement"/>
    /// (Json, a JSON Object, an unknown type), their nullable forms, <see cref="VariableValue"/> itself, and any
    /// other type deserialized from a Json or JSON Object variable. A null value reads as null for reference and
    /// nullable types.
    /// </summary>
    /// <exception cref="VariableTypeException">The value cannot be read as <typeparamref name="T"/>.</exception>
    public T To<T>(JsonSerializerOptions? jsonOptions = null)
    {
        if (typeof(T) == typeof(VariableValue))
        {
            return (T)(object)this;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (Value is null)
        {
            if (default(T) is null)
            {
                return default!;
            }

            throw Mismatch(typeof(T), "its value is null");
        }

        object? result = target switch
        {
            _ when target == typeof(string) => ReadString(),
            _ when target == typeof(bool) => Value is bool b ? b : null,
            _ when target == typeof(short) => ReadInteger(short.MinValue, short.MaxValue) is { } s ? (short)s : null,
            _ when target == typeof(int) => ReadInteger(int.MinValue, int.MaxValue) is { } i ? (int)i : null,
            _ when target == typeof(long) => ReadInteger(long.MinValue, long.MaxValue),
            _ when target == typeof(double) => ReadDouble(),
            _ when target == typeof(DateTimeOffset) => Value is DateTimeOffset d ? d : null,
            _ when target == typeof(DateTime) => Value is DateTimeOffset dt ? dt.UtcDateTime : null,
            _ when target == typeof(byte[]) => Value as byte[],
            _ when target == typeof(JsonElement) => ReadJsonElement(),
            _ => ReadDeserialized(target, jsonOptions),
        };

        return result is null ? throw Mismatch(typeof(T), null) : (T)result;
    }

    /// <summary>Reads the value as text (String, Json, Xml or a serialized Object).</summary>
    public string? AsString() => To<string?>();

    /// <summary>Reads a Boolean.</summary>
    public bool AsBoolean() => To<bool>();

    /// <summary>Reads any integer type as a 32-bit integer, if it fits.</summary>
    public int AsInt32() => To<int>();

    /// <summary>Reads any integer type as a 64-bit integer.</summary>
    public long AsInt64() => To<long>();

    /// <summary>Reads any number as a double.</summary>
    public double AsDouble() => To<double>();

    /// <summary>Reads a Date.</summary>
    public DateTimeOffset AsDateTimeOffset() => To<DateTimeOffset>();

    /// <summary>Reads Bytes, or the content of a File that carries it.</summary>
    public byte[]? AsBytes() => To<byte[]?>();

    private string? ReadString() => (Type, Value) switch
    {
        (VariableType.String or VariableType.Json or VariableType.Xml or VariableType.Object, string s) => s,
        // A deserialized Object reads as its JSON; a type Bptl does not know does not read as text by accident
        // (its raw value stays available through To<JsonElement>()).
        (VariableType.Object, JsonElement e) => e.GetRawText(),
        _ => null,
    };

    private long? ReadInteger(long min, long max)
    {
        long? value = Value switch
        {
            short s => s,
            int i => i,
            long l => l,
            _ => null,
        };
        if (value is { } v && (v < min || v > max))
        {
            throw new VariableTypeException(string.Create(CultureInfo.InvariantCulture,
                $"The {TypeName} value {v} does not fit in the range {min}..{max}."))
            { Actual = TypeName };
        }

        return value;
    }

    private double? ReadDouble() => Value switch
    {
        double d => d,
        short s => s,
        int i => i,
        long l => l,
        _ => null,
    };

    private JsonElement? ReadJsonElement() => Value switch
    {
        JsonElement e => e,
        string s when Type is VariableType.Json || IsJsonObject => ParseJson(s),
        _ => null,
    };

    private object? ReadDeserialized(Type target, JsonSerializerOptions? options)
    {
        var json = ReadJsonElement();
        if (json is null)
        {
            return null;
        }

        try
        {
            return json.Value.Deserialize(target, options ?? JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            throw new VariableTypeException($"The {TypeName} value cannot be read as {target.Name}: {ex.Message}", ex)
            {
                Expected = target,
                Actual = TypeName,
            };
        }
    }

    private bool IsJsonObject =>
        Type is VariableType.Object
        && ValueInfo.SerializationDataFormat is { } format
        && format.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    private JsonElement ParseJson(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new VariableTypeException($"The {TypeName} value is not valid JSON: {ex.Message}", ex) { Actual = TypeName };
        }
    }

    private VariableTypeException Mismatch(Type expected, string? reason)
    {
        reason ??= Type != VariableType.Unknown ? null
            : VariableTypeNames.Parse(TypeName) == VariableType.Unknown ? $"'{TypeName}' is not a variable type Bptl knows"
            : $"the engine sent a value that is not a valid {TypeName}";
        return new($"A {TypeName} variable cannot be read as {expected.Name}{(reason is null ? "" : ": " + reason)}.")
        {
            Expected = expected,
            Actual = TypeName,
        };
    }
}
