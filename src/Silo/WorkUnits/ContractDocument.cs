using System.Buffers;
using System.Text;
using System.Text.Json;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Interfaces.WorkUnits.Contracts;
using Bptl.Storage.WorkUnits;
using Bptl.Variables;

namespace Bptl.Silo.WorkUnits;

/// <summary>
/// A work unit's contract as the JSON the catalog stores: <c>{"inputs": [...], "outputs": [...]}</c>, each variable
/// with <c>name</c>, <c>type</c> (the engine type), <c>required</c>, <c>default</c> (in the engine's variable JSON,
/// or null) and <c>description</c>.
/// </summary>
internal static class ContractDocument
{
    public static PublishedWorkUnit Publish(WorkUnitRegistration registration) =>
        new(registration.Name, registration.Contract.Description, registration.Contract.IsDeclared, Json(registration.Contract));

    public static string Json(WorkUnitContract contract)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            Write(writer, "inputs", contract.Inputs);
            Write(writer, "outputs", contract.Outputs);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, string name, IReadOnlyList<VariableDeclaration> declarations)
    {
        writer.WriteStartArray(name);
        foreach (var declaration in declarations)
        {
            writer.WriteStartObject();
            writer.WriteString("name", declaration.Name);
            writer.WriteString("type", declaration.TypeName);
            writer.WriteBoolean("required", declaration.Required);
            writer.WritePropertyName("default");
            if (declaration.Default is { } value)
            {
                using var document = JsonDocument.Parse(VariableJson.Serialize(new VariableMap { ["v"] = value }));
                document.RootElement.GetProperty("v").WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteString("description", declaration.Description);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
