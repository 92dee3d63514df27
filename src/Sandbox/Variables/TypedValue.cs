namespace Bptl.Sandbox.Variables;

/// <summary>
/// An immutable typed variable value. <see cref="Value"/> holds: string (String, Json, Xml and the
/// serialized form of Object), bool, short, int, long, double, <see cref="DateTimeOffset"/> (Date),
/// byte[] (Bytes and File content) or null.
/// </summary>
internal sealed class TypedValue
{
    public static readonly TypedValue NullValue = new(VariableKind.Null, null);

    public TypedValue(VariableKind kind, object? value)
    {
        Kind = kind;
        Value = value;
    }

    public VariableKind Kind { get; }

    public object? Value { get; }

    public bool IsTransient { get; init; }

    public string? ObjectTypeName { get; init; }

    public string? SerializationDataFormat { get; init; }

    public string? Filename { get; init; }

    public string? MimeType { get; init; }

    public string? Encoding { get; init; }

    public static TypedValue String(string? value) => new(VariableKind.String, value);

    public static TypedValue Boolean(bool value) => new(VariableKind.Boolean, value);

    public static TypedValue Integer(int value) => new(VariableKind.Integer, value);

    public static TypedValue Long(long value) => new(VariableKind.Long, value);

    public static TypedValue Double(double value) => new(VariableKind.Double, value);

    /// <summary>The value as the expression language sees it: integral numbers widen to long.</summary>
    public object? ToExpressionValue() => Value switch
    {
        short s => (long)s,
        int i => (long)i,
        _ => Value,
    };
}
