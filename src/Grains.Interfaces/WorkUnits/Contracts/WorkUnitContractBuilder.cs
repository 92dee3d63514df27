using System.Text.RegularExpressions;
using Bptl.Variables;

namespace Bptl.Grains.Interfaces.WorkUnits.Contracts;

/// <summary>Declares a work unit's <see cref="WorkUnitContract"/>; see <c>AddWorkUnit</c>.</summary>
public sealed partial class WorkUnitContractBuilder
{
    private readonly List<VariableDeclaration> _inputs = [];
    private readonly List<VariableDeclaration> _outputs = [];
    private string? _description;

    /// <summary>Says what the work unit does.</summary>
    public WorkUnitContractBuilder Describe(string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        _description = description;
        return this;
    }

    /// <summary>A variable the work unit cannot run without, read as <typeparamref name="T"/>.</summary>
    public WorkUnitContractBuilder RequiredInput<T>(string name, string? description = null)
    {
        _inputs.Add(Declare<T>(_inputs, name, required: true, null, description, "input"));
        return this;
    }

    /// <summary>
    /// A variable the work unit reads when present, as <typeparamref name="T"/>; when the process does not set it the
    /// run sees <paramref name="defaultValue"/> (when given).
    /// </summary>
    public WorkUnitContractBuilder OptionalInput<T>(string name, VariableValue? defaultValue = null, string? description = null)
    {
        _inputs.Add(Declare<T>(_inputs, name, required: false, defaultValue, description, "input"));
        return this;
    }

    /// <summary>A variable the work unit sets when it completes; with <paramref name="required"/> a completion without it is a failure.</summary>
    public WorkUnitContractBuilder Output<T>(string name, string? description = null, bool required = false)
    {
        _outputs.Add(Declare<T>(_outputs, name, required, null, description, "output"));
        return this;
    }

    /// <summary>The contract declared so far.</summary>
    public WorkUnitContract Build() => new(_description, [.. _inputs], [.. _outputs], declared: true);

    private static VariableDeclaration Declare<T>(List<VariableDeclaration> existing, string name, bool required, VariableValue? defaultValue,
        string? description, string kind)
    {
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid variable name for an {kind}.", nameof(name));
        }

        if (existing.Exists(d => d.Name == name))
        {
            throw new ArgumentException($"The {kind} '{name}' is declared twice.", nameof(name));
        }

        var declaration = new VariableDeclaration(name, typeof(T), required, defaultValue, description, Check<T>);
        if (defaultValue is not null && defaultValue.Type != VariableType.Null && declaration.Check(defaultValue) is { } problem)
        {
            throw new ArgumentException($"The default of the {kind} '{name}' is not {declaration.TypeName}: {problem}", nameof(defaultValue));
        }

        return declaration;
    }

    private static string? Check<T>(VariableValue value)
    {
        if (typeof(T) == typeof(VariableValue))
        {
            return null;
        }

        if (typeof(T) == typeof(Stream))
        {
            return value.Type is VariableType.File or VariableType.Bytes ? null : "not a File";
        }

        try
        {
            _ = value.To<T>();
            return null;
        }
        catch (VariableTypeException ex)
        {
            return ex.Message;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException or FormatException or OverflowException)
        {
            return ex.Message;
        }
    }

    [GeneratedRegex(@"^[^\s]{1,255}$")]
    private static partial Regex NamePattern();
}
