using System.Text.Json;
using Bptl.Variables;

namespace Bptl.Grains.Interfaces.WorkUnits.Contracts;

/// <summary>The engine type names that .NET types are read from.</summary>
public static class VariableTypeNames
{
    /// <summary>The engine type (or types) a variable read as <paramref name="clrType"/> should have.</summary>
    public static string Describe(Type clrType)
    {
        ArgumentNullException.ThrowIfNull(clrType);
        var type = Nullable.GetUnderlyingType(clrType) ?? clrType;
        return type switch
        {
            _ when type == typeof(string) => "String",
            _ when type == typeof(bool) => "Boolean",
            _ when type == typeof(short) => "Short",
            _ when type == typeof(int) => "Integer",
            _ when type == typeof(long) => "Long",
            _ when type == typeof(double) => "Double",
            _ when type == typeof(decimal) => "Double",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "Date",
            _ when type == typeof(byte[]) => "Bytes",
            _ when type == typeof(Stream) => "File",
            _ when type == typeof(VariableValue) => "any",
            _ when type == typeof(JsonElement) => "Json",
            _ => "Json (" + type.Name + ")",
        };
    }
}
