namespace Bptl.Variables;

/// <summary>The value types of Camunda's typed variables (the <c>type</c> field of a variable).</summary>
public enum VariableType
{
    /// <summary>A type this client does not know; the raw JSON value is kept so nothing is lost.</summary>
    Unknown = 0,
    /// <summary><c>String</c>: text.</summary>
    String,
    /// <summary><c>Boolean</c>.</summary>
    Boolean,
    /// <summary><c>Short</c>: a 16-bit integer.</summary>
    Short,
    /// <summary><c>Integer</c>: a 32-bit integer.</summary>
    Integer,
    /// <summary><c>Long</c>: a 64-bit integer.</summary>
    Long,
    /// <summary><c>Double</c>: a 64-bit floating-point number.</summary>
    Double,
    /// <summary><c>Date</c>: an instant, sent as <c>yyyy-MM-dd'T'HH:mm:ss.SSSZ</c>.</summary>
    Date,
    /// <summary><c>Bytes</c>: binary data, base64 on the wire.</summary>
    Bytes,
    /// <summary><c>Null</c>: the null value.</summary>
    Null,
    /// <summary><c>Json</c> (Spin): a JSON document held as a string.</summary>
    Json,
    /// <summary><c>Xml</c> (Spin): an XML document held as a string.</summary>
    Xml,
    /// <summary><c>Object</c>: a serialized object with its type name and data format.</summary>
    Object,
    /// <summary><c>File</c>: a file with a name, a MIME type and an encoding; content is downloaded on demand.</summary>
    File,
}

/// <summary>Maps <see cref="VariableType"/> to and from the engine's type names.</summary>
public static class VariableTypeNames
{
    /// <summary>The engine's name of <paramref name="type"/> (capitalised, as the REST API writes it).</summary>
    public static string ToWireName(VariableType type) => type switch
    {
        VariableType.String => "String",
        VariableType.Boolean => "Boolean",
        VariableType.Short => "Short",
        VariableType.Integer => "Integer",
        VariableType.Long => "Long",
        VariableType.Double => "Double",
        VariableType.Date => "Date",
        VariableType.Bytes => "Bytes",
        VariableType.Null => "Null",
        VariableType.Json => "Json",
        VariableType.Xml => "Xml",
        VariableType.Object => "Object",
        VariableType.File => "File",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown has no wire name of its own."),
    };

    /// <summary>
    /// Parses an engine type name. The engine matches names after lower-casing the first letter,
    /// so <c>string</c> and <c>String</c> are the same type; anything else is <see cref="VariableType.Unknown"/>.
    /// </summary>
    public static VariableType Parse(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return VariableType.Unknown;
        }

        return (char.ToLowerInvariant(name[0]) + name[1..]) switch
        {
            "string" => VariableType.String,
            "boolean" => VariableType.Boolean,
            "short" => VariableType.Short,
            "integer" => VariableType.Integer,
            "long" => VariableType.Long,
            "double" => VariableType.Double,
            "date" => VariableType.Date,
            "bytes" => VariableType.Bytes,
            "null" => VariableType.Null,
            "json" => VariableType.Json,
            "xml" => VariableType.Xml,
            "object" => VariableType.Object,
            "file" => VariableType.File,
            _ => VariableType.Unknown,
        };
    }
}
