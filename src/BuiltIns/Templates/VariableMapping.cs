using System.Text.Json;
using Bptl.Variables;

namespace Bptl.BuiltIns.Templates;

/// <summary>The <c>variableMapping</c> input of the built-ins that pass variables on to another process.</summary>
public static class VariableMapping
{
    /// <summary>
    /// The variables <paramref name="mapping"/> selects from <paramref name="source"/>: <c>"all"</c> (every variable
    /// but <paramref name="ownInputs"/>), <c>"none"</c>, a JSON array of names, or a JSON object of source → target names.
    /// </summary>
    public static VariableMap Apply(VariableMap source, VariableValue mapping, IReadOnlyCollection<string> ownInputs)
    {
        if (mapping.Type == VariableType.String && mapping.Value is string word)
        {
            return word switch
            {
                "all" => new VariableMap(source.Where(p => !ownInputs.Contains(p.Key))),
                "none" => [],
                _ => throw new ArgumentException($"variableMapping must be \"all\", \"none\", a JSON array of names or a JSON object of renames (was \"{word}\")."),
            };
        }

        if (mapping.Type != VariableType.Json)
        {
            throw new ArgumentException($"variableMapping must be a String (\"all\" or \"none\") or Json, not {mapping.TypeName}.");
        }

        using var document = JsonDocument.Parse(VariableTemplateText(mapping));
        var mapped = new VariableMap();
        switch (document.RootElement.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in document.RootElement.EnumerateArray())
                {
                    var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new ArgumentException("variableMapping's array must hold variable names.");
                    mapped[name] = Required(source, name);
                }

                break;
            case JsonValueKind.Object:
                foreach (var rename in document.RootElement.EnumerateObject())
                {
                    var target = rename.Value.ValueKind == JsonValueKind.String ? rename.Value.GetString()! : throw new ArgumentException($"variableMapping's entry '{rename.Name}' must map to a name.");
                    mapped[target] = Required(source, rename.Name);
                }

                break;
            default:
                throw new ArgumentException("variableMapping's JSON must be an array of names or an object of renames.");
        }

        return mapped;
    }

    private static string VariableTemplateText(VariableValue value) => VariableTemplate.AsText(value) ?? "null";

    private static VariableValue Required(VariableMap source, string name) =>
        source.TryGetValue(name, out var value) ? value : throw new ArgumentException($"variableMapping names '{name}', which the calling process does not have.");
}
