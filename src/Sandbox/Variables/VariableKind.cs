namespace Bptl.Sandbox.Variables;

/// <summary>The value types of Camunda's typed-value API that the sandbox stores.</summary>
internal enum VariableKind
{
    Null,
    String,
    Boolean,
    Short,
    Integer,
    Long,
    Double,
    Date,
    Bytes,
    Json,
    Xml,
    Object,
    File,
}

internal static class VariableKinds
{
    /// <summary>The REST name: the engine name with its first letter capitalised.</summary>
    public static string RestName(VariableKind kind) => kind switch
    {
        VariableKind.Null => "Null",
        VariableKind.String => "String",
        VariableKind.Boolean => "Boolean",
        VariableKind.Short => "Short",
        VariableKind.Integer => "Integer",
        VariableKind.Long => "Long",
        VariableKind.Double => "Double",
        VariableKind.Date => "Date",
        VariableKind.Bytes => "Bytes",
        VariableKind.Json => "Json",
        VariableKind.Xml => "Xml",
        VariableKind.Object => "Object",
        VariableKind.File => "File",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// Resolves a REST type name the way Camunda does: lower-case the first letter, then match the
    /// engine name exactly ("string" and "String" work, "STRING" does not). "Number" is abstract and
    /// reported through <paramref name="isNumber"/>.
    /// </summary>
    public static bool TryParse(string restName, out VariableKind kind, out bool isNumber)
    {
        kind = VariableKind.Null;
        isNumber = false;
        if (restName.Length == 0)
        {
            return false;
        }

        var first = char.ToLowerInvariant(restName[0]);
        var rest = restName.AsSpan(1);
        switch (first)
        {
            case 'b' when rest.SequenceEqual("oolean"): kind = VariableKind.Boolean; return true;
            case 'b' when rest.SequenceEqual("ytes"): kind = VariableKind.Bytes; return true;
            case 'd' when rest.SequenceEqual("ate"): kind = VariableKind.Date; return true;
            case 'd' when rest.SequenceEqual("ouble"): kind = VariableKind.Double; return true;
            case 'f' when rest.SequenceEqual("ile"): kind = VariableKind.File; return true;
            case 'i' when rest.SequenceEqual("nteger"): kind = VariableKind.Integer; return true;
            case 'j' when rest.SequenceEqual("son"): kind = VariableKind.Json; return true;
            case 'l' when rest.SequenceEqual("ong"): kind = VariableKind.Long; return true;
            case 'n' when rest.SequenceEqual("ull"): kind = VariableKind.Null; return true;
            case 'n' when rest.SequenceEqual("umber"): isNumber = true; return true;
            case 'o' when rest.SequenceEqual("bject"): kind = VariableKind.Object; return true;
            case 's' when rest.SequenceEqual("hort"): kind = VariableKind.Short; return true;
            case 's' when rest.SequenceEqual("tring"): kind = VariableKind.String; return true;
            case 'x' when rest.SequenceEqual("ml"): kind = VariableKind.Xml; return true;
            default: return false;
        }
    }

    /// <summary>The Java class Camunda names in a conversion error.</summary>
    public static string JavaClass(VariableKind kind, bool isNumber) => isNumber ? "java.lang.Number" : kind switch
    {
        VariableKind.String => "java.lang.String",
        VariableKind.Boolean => "java.lang.Boolean",
        VariableKind.Short => "java.lang.Short",
        VariableKind.Integer => "java.lang.Integer",
        VariableKind.Long => "java.lang.Long",
        VariableKind.Double => "java.lang.Double",
        VariableKind.Date => "java.util.Date",
        VariableKind.Bytes => "[B",
        _ => "java.lang.Object",
    };
}
