namespace Bptl.Variables;

/// <summary>A variable is missing, or holds a type that cannot be read as the type asked for.</summary>
public sealed class VariableTypeException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public VariableTypeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public VariableTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public VariableTypeException()
    {
    }

    /// <summary>The variable's name, when known.</summary>
    public string? VariableName { get; init; }

    /// <summary>The CLR type that was asked for.</summary>
    public Type? Expected { get; init; }

    /// <summary>The variable's engine type name, or null when the variable is missing.</summary>
    public string? Actual { get; init; }
}
