namespace Bptl.Sandbox.Expressions;

/// <summary>An expression that cannot be parsed, or uses syntax the sandbox does not evaluate.</summary>
internal sealed class ExpressionSyntaxException : Exception
{
    public ExpressionSyntaxException()
    {
    }

    public ExpressionSyntaxException(string message)
        : base(message)
    {
    }

    public ExpressionSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An evaluation failure. <see cref="UnknownIdentifier"/> is set when a variable is missing.</summary>
internal sealed class ExpressionEvaluationException : Exception
{
    public ExpressionEvaluationException()
    {
    }

    public ExpressionEvaluationException(string message)
        : base(message)
    {
    }

    public ExpressionEvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? UnknownIdentifier { get; init; }
}

/// <summary>Resolves identifiers in an expression to variable values (already widened, see TypedValue).</summary>
internal interface IVariableResolver
{
    bool TryResolve(string name, out object? value);
}
