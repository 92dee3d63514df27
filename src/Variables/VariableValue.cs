using System.Text.Json;

namespace Bptl.Variables;

/// <summary>
/// One typed Camunda variable: its type, its value and its value info. Immutable.
/// </summary>
/// <remarks>
/// The common case is one line: <c>variables["amount"] = 42;</c> uses the implicit conversions, and
/// <c>variables.Get&lt;int&gt;("amount")</c> reads it back. The exact case is possible too:
/// <see cref="Short"/>, <see cref="Object(string, string, string)"/>, <see cref="File(string, byte[], string?, string?)"/>
/// and <see cref="FromRaw"/> build any value the engine accepts.
/// The CLR type of <see cref="Value"/> follows <see cref="Type"/>: String, Json, Xml → <see cref="string"/>;
/// Boolean → <see cref="bool"/>; Short → <see cref="short"/>; Integer → <see cref="int"/>; Long → <see cref="long"/>;
/// Double → <see cref="double"/>; Date → <see cref="DateTimeOffset"/>; Bytes → <see cref="byte"/>[];
/// Object → the serialized <see cref="string"/> (or a <see cref="JsonElement"/> when the engine deserialized it);
/// File → the content as <see cref="byte"/>[] when known, otherwise null; Null → null; Unknown → the raw <see cref="JsonElement"/>.
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(VariableValueJsonConverter))]
public sealed partial class VariableValue : IEquatable<VariableValue>
{
    private readonly Func<CancellationToken, Task<Stream>>? _contentLoader;

    private VariableValue(VariableType type, string typeName, object? value, VariableValueInfo? valueInfo,
        Func<CancellationToken, Task<Stream>>? contentLoader = null)
    {
        Type = type;
        TypeName = typeName;
        Value = value;
        ValueInfo = valueInfo ?? VariableValueInfo.Empty;
        _contentLoader = contentLoader;
    }

    /// <summary>The value's type.</summary>
    public VariableType Type { get; }

    /// <summary>The engine's name of the type, for example <c>Integer</c>; for an unknown type, the name the engine sent.</summary>
    public string TypeName { get; }

    /// <summary>The value; see the remarks of <see cref="VariableValue"/> for its CLR type.</summary>
    public object? Value { get; }

    /// <summary>The value info (never null; <see cref="VariableValueInfo.Empty"/> when there is none).</summary>
    public VariableValueInfo ValueInfo { get; }

    /// <summary>True when the value is null, whatever its type.</summary>
    public bool IsNull => Value is null;

    /// <summary>A <c>String</c> variable.</summary>
    public static VariableValue String(string? value) => new(VariableType.String, "String", value, null);

    /// <summary>A <c>Boolean</c> variable.</summary>
    public static VariableValue Boolean(bool value) => new(VariableType.Boolean, "Boolean", value, null);

    /// <summary>A <c>Short</c> variable.</summary>
    public static VariableValue Short(short value) => new(VariableType.Short, "Short", value, null);

    /// <summary>An <c>Integer</c> variable.</summary>
    public static VariableValue Integer(int value) => new(VariableType.Integer, "Integer", value, null);

    /// <summary>A <c>Long</c> variable.</summary>
    public static VariableValue Long(long value) => new(VariableType.Long, "Long", value, null);

    /// <summary>A <c>Double</c> variable. JSON has no NaN or infinity, so those are refused.</summary>
    public static VariableValue Double(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A Double variable must be a finite number: JSON has no NaN or infinity.");
        }

        return new(VariableType.Double, "Double", value, null);
    }

    /// <summary>A <c>Date</c> variable. The engine keeps milliseconds; finer precision is dropped on the wire.</summary>
    public static VariableValue Date(DateTimeOffset value) => new(VariableType.Date, "Date", value, null);

    /// <summary>A <c>Bytes</c> variable.</summary>
    public static VariableValue Bytes(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(VariableType.Bytes, "Bytes", value, null);
    }

    /// <summary>The <c>Null</c> variable.</summary>
    public static VariableValue Null() => new(VariableType.Null, "Null", null, null);

    /// <summary>A <c>Json</c> (Spin) variable holding <paramref name="json"/> as text.</summary>
    public static VariableValue Json(string json) => new(VariableType.Json, "Json", json, null);

    /// <summary>A <c>Json</c> variable holding <paramref name="value"/> serialized with <paramref name="options"/> (web defaults when null).</summary>
    public static VariableValue Json<T>(T value, JsonSerializerOptions? options = null) =>
        Json(JsonSerializer.Serialize(value, options ?? JsonSerializerOptions.Web));

    /// <summary>An <c>Xml</c> (Spin) variable holding <paramref name="xml"/> as text.</summary>
    public static VariableValue Xml(string xml) => new(VariableType.Xml, "Xml", xml, null);

    /// <summary>
    /// An <c>Object</c> variable: <paramref name="serializedValue"/> in <paramref name="serializationDataFormat"/>
    /// (for example <c>application/json</c>), of Java type <paramref name="objectTypeName"/>.
    /// </summary>
    public static VariableValue Object(string? serializedValue, string objectTypeName, string serializationDataFormat = "application/json")
    {
        ArgumentException.ThrowIfNullOrEmpty(objectTypeName);
        ArgumentException.ThrowIfNullOrEmpty(serializationDataFormat);
        return new(VariableType.Object, "Object", serializedValue, new VariableValueInfo
        {
            ObjectTypeName = objectTypeName,
            SerializationDataFormat = serializationDataFormat,
        });
    }

    /// <summary>
    /// A <c>File</c> variable with its content. The engine requires <paramref name="fileName"/>.
    /// </summary>
    public static VariableValue File(string fileName, byte[] content, string? mimeType = null, string? encoding = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(content);
        return new(VariableType.File, "File", content, new VariableValueInfo
        {
            FileName = fileName,
            MimeType = mimeType,
            Encoding = encoding,
        });
    }

    /// <summary>
    /// Any value exactly as the engine would hold it: a type name (known or not), a value of the CLR type that
    /// type uses, and value info. Use it for types this client has no factory for.
    /// </summary>
    public static VariableValue FromRaw(string typeName, object? value, VariableValueInfo? valueInfo = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        var type = VariableTypeNames.Parse(typeName);
        return new(type, type == VariableType.Unknown ? typeName : VariableTypeNames.ToWireName(type), value, valueInfo);
    }

    /// <summary>
    /// A value kept exactly as the engine sent it because its type is unknown or its JSON does not fit its
    /// type: <see cref="Type"/> is <see cref="VariableType.Unknown"/>, <see cref="TypeName"/> is the declared
    /// name, and it is written back unchanged.
    /// </summary>
    internal static VariableValue Unreadable(string typeName, JsonElement? raw, VariableValueInfo info) =>
        new(VariableType.Unknown, typeName, raw, info);

    /// <summary>A copy marked transient (the engine does not store it).</summary>
    public VariableValue AsTransient() =>
        new(Type, TypeName, Value, ValueInfo with { Transient = true }, _contentLoader);

    /// <summary>
    /// A copy whose content is downloaded by <paramref name="loader"/> when opened: the engine leaves a File
    /// variable's bytes out of its answers, and the client attaches a loader that fetches them on demand.
    /// </summary>
    public VariableValue WithContentLoader(Func<CancellationToken, Task<Stream>> loader) =>
        new(Type, TypeName, Value, ValueInfo, loader);

    /// <summary>
    /// Opens the content of a File (or Bytes) variable: the bytes it holds, or, for a File fetched from the
    /// engine (whose content the engine leaves out), a download from the variable's binary-data endpoint.
    /// </summary>
    public async Task<Stream> OpenContentAsync(CancellationToken cancellationToken = default)
    {
        if (Value is byte[] bytes)
        {
            return new MemoryStream(bytes, writable: false);
        }

        if (_contentLoader is not null)
        {
            return await _contentLoader(cancellationToken).ConfigureAwait(false);
        }

        throw new VariableTypeException(Type is VariableType.File
            ? "This File variable carries no content and no way to download it (it was not fetched through the client)."
            : $"A {TypeName} variable has no binary content.")
        { Expected = typeof(Stream), Actual = TypeName };
    }

    /// <summary>True when this is a File whose content can be downloaded from the engine.</summary>
    public bool HasContentLoader => _contentLoader is not null;

    /// <summary>Implicit conversion from a string (a <c>String</c> variable).</summary>
    public static implicit operator VariableValue(string? value) => String(value);

    /// <summary>Implicit conversion from a bool (a <c>Boolean</c> variable).</summary>
    public static implicit operator VariableValue(bool value) => Boolean(value);

    /// <summary>Implicit conversion from a short (a <c>Short</c> variable).</summary>
    public static implicit operator VariableValue(short value) => Short(value);

    /// <summary>Implicit conversion from an int (an <c>Integer</c> variable).</summary>
    public static implicit operator VariableValue(int value) => Integer(value);

    /// <summary>Implicit conversion from a long (a <c>Long</c> variable).</summary>
    public static implicit operator VariableValue(long value) => Long(value);

    /// <summary>Implicit conversion from a double (a <c>Double</c> variable).</summary>
    public static implicit operator VariableValue(double value) => Double(value);

    /// <summary>Implicit conversion from a DateTimeOffset (a <c>Date</c> variable).</summary>
    public static implicit operator VariableValue(DateTimeOffset value) => Date(value);

    /// <summary>Implicit conversion from bytes (a <c>Bytes</c> variable).</summary>
    public static implicit operator VariableValue(byte[] value) => Bytes(value);

    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        null => $"{TypeName}(null)",
        byte[] b => $"{TypeName}({b.Length} bytes)",
        DateTimeOffset d => $"{TypeName}({CamundaDate.Format(d)})",
        _ => $"{TypeName}({Value})",
    };

    /// <inheritdoc />
    public bool Equals(VariableValue? other)
    {
        if (other is null || Type != other.Type || TypeName != other.TypeName || !ValueInfo.Equals(other.ValueInfo))
        {
            return false;
        }

        return (Value, other.Value) switch
        {
            (null, null) => true,
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (JsonElement a, JsonElement b) => JsonElement.DeepEquals(a, b),
            (DateTimeOffset a, DateTimeOffset b) => a.Equals(b),
            ({ } a, { } b) => a.Equals(b),
            _ => false,
        };
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is VariableValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, TypeName, Value is byte[] b ? b.Length : Value?.GetHashCode() ?? 0);
}
