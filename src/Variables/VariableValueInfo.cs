using System.Text.Json;

namespace Bptl.Variables;

/// <summary>
/// The <c>valueInfo</c> of a typed variable: the object type and data format of an <c>Object</c>,
/// the file name, MIME type and encoding of a <c>File</c>, and the <c>transient</c> flag of any type.
/// Keys this client does not know are kept in <see cref="Other"/> so they round-trip unchanged.
/// </summary>
public sealed record VariableValueInfo
{
    /// <summary>No value info.</summary>
    public static VariableValueInfo Empty { get; } = new();

    /// <summary><c>objectTypeName</c> of an Object variable, for example <c>com.example.Order</c>.</summary>
    public string? ObjectTypeName { get; init; }

    /// <summary><c>serializationDataFormat</c> of an Object variable, for example <c>application/json</c>.</summary>
    public string? SerializationDataFormat { get; init; }

    /// <summary><c>filename</c> of a File variable; the engine requires it.</summary>
    public string? FileName { get; init; }

    /// <summary><c>mimeType</c> of a File variable (the engine's key is camelCase).</summary>
    public string? MimeType { get; init; }

    /// <summary><c>encoding</c> of a File variable, for example <c>UTF-8</c>.</summary>
    public string? Encoding { get; init; }

    /// <summary><c>transient</c>: a transient variable is not stored by the engine.</summary>
    public bool? Transient { get; init; }

    /// <summary>Keys of the value info that have no property here, kept as raw JSON.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Other { get; init; }

    /// <summary>True when no key is set.</summary>
    public bool IsEmpty =>
        ObjectTypeName is null && SerializationDataFormat is null && FileName is null && MimeType is null
        && Encoding is null && Transient is null && (Other is null || Other.Count == 0);

    /// <inheritdoc />
    public bool Equals(VariableValueInfo? other) =>
        other is not null
        && ObjectTypeName == other.ObjectTypeName
        && SerializationDataFormat == other.SerializationDataFormat
        && FileName == other.FileName
        && MimeType == other.MimeType
        && Encoding == other.Encoding
        && Transient == other.Transient
        && OtherEquals(Other, other.Other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ObjectTypeName, SerializationDataFormat, FileName, MimeType, Encoding, Transient);

    private static bool OtherEquals(IReadOnlyDictionary<string, JsonElement>? a, IReadOnlyDictionary<string, JsonElement>? b)
    {
        var countA = a?.Count ?? 0;
        var countB = b?.Count ?? 0;
        if (countA != countB)
        {
            return false;
        }

        if (countA == 0)
        {
            return true;
        }

        foreach (var (key, value) in a!)
        {
            if (!b!.TryGetValue(key, out var otherValue) || !JsonElement.DeepEquals(value, otherValue))
            {
                return false;
            }
        }

        return true;
    }
}
