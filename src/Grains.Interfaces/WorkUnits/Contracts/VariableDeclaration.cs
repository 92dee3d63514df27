using Bptl.Variables;

namespace Bptl.Grains.Interfaces.WorkUnits.Contracts;

/// <summary>One variable a work unit declares it reads or writes.</summary>
public sealed class VariableDeclaration
{
    private readonly Func<VariableValue, string?> _check;

    internal VariableDeclaration(string name, Type clrType, bool required, VariableValue? defaultValue, string? description, Func<VariableValue, string?> check)
    {
        Name = name;
        ClrType = clrType;
        TypeName = VariableTypeNames.Describe(clrType);
        Required = required;
        Default = defaultValue;
        Description = description;
        _check = check;
    }

    /// <summary>The variable's name.</summary>
    public string Name { get; }

    /// <summary>The .NET type the work unit reads it as.</summary>
    public Type ClrType { get; }

    /// <summary>The engine type it is expected to have (String, Integer, Json, File...), as the admin UI shows it.</summary>
    public string TypeName { get; }

    /// <summary>True when a run cannot start (input) or finish (output) without it.</summary>
    public bool Required { get; }

    /// <summary>For an optional input: the value used when the process does not set it.</summary>
    public VariableValue? Default { get; }

    /// <summary>What it means, for the people mapping topics.</summary>
    public string? Description { get; }

    /// <summary>Null when <paramref name="value"/> can be read as <see cref="ClrType"/>; otherwise why not.</summary>
    public string? Check(VariableValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return _check(value);
    }
}
