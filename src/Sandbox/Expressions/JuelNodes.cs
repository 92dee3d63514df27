namespace Bptl.Sandbox.Expressions;

/// <summary>A node of a parsed expression.</summary>
internal abstract class JuelNode
{
    public abstract object? Evaluate(IVariableResolver resolver);
}

internal sealed class LiteralNode(object? value) : JuelNode
{
    public override object? Evaluate(IVariableResolver resolver) => value;
}

internal sealed class IdentifierNode(string name) : JuelNode
{
    public override object? Evaluate(IVariableResolver resolver)
    {
        if (resolver.TryResolve(name, out var value))
        {
            return value;
        }

        throw new ExpressionEvaluationException("Cannot resolve identifier '" + name + "'") { UnknownIdentifier = name };
    }
}

internal sealed class NotNode(JuelNode operand) : JuelNode
{
    public override object? Evaluate(IVariableResolver resolver) => !JuelCoercion.ToBoolean(operand.Evaluate(resolver));
}

internal sealed class EmptyNode(JuelNode operand) : JuelNode
{
    public override object? Evaluate(IVariableResolver resolver) => operand.Evaluate(resolver) switch
    {
        null => true,
        string s => s.Length == 0,
        byte[] b => b.Length == 0,
        _ => false,
    };
}

internal sealed class NegateNode(JuelNode operand) : JuelNode
{
    public override object? Evaluate(IVariableResolver resolver) => JuelCoercion.Negate(operand.Evaluate(resolver));
}

internal sealed class AndNode(JuelNode left, JuelNode right) : JuelNode
{
    public override object? Evaluate(IVariableResolver resolver) =>
        JuelCoercion.ToBoolean(left.Evaluate(resolver)) && JuelCoercion.ToBoolean(right.Evaluate(resolver));
}

internal sealed class OrNode(JuelNode left, JuelNode right) : JuelNode
{
    public override object? Evaluate(IVariableResolver resolver) =>
        JuelCoercion.ToBoolean(left.Evaluate(resolver)) || JuelCoercion.ToBoolean(right.Evaluate(resolver));
}

internal sealed class ConditionalNode(JuelNode condition, JuelNode whenTrue, JuelNode whenFalse) : JuelNode
{
    public override object? Evaluate(IVariableResolver resolver) =>
        JuelCoercion.ToBoolean(condition.Evaluate(resolver)) ? whenTrue.Evaluate(resolver) : whenFalse.Evaluate(resolver);
}

internal enum BinaryOperator
{
    Equal,
    NotEqual,
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

internal sealed class BinaryNode(BinaryOperator op, JuelNode left, JuelNode right) : JuelNode
{
    public override object? Evaluate(IVariableResolver resolver)
    {
        var a = left.Evaluate(resolver);
        var b = right.Evaluate(resolver);
        return op switch
        {
            BinaryOperator.Equal => JuelCoercion.AreEqual(a, b),
            BinaryOperator.NotEqual => !JuelCoercion.AreEqual(a, b),
            BinaryOperator.Less => JuelCoercion.Compare(a, b) is { } c && c < 0,
            BinaryOperator.Greater => JuelCoercion.Compare(a, b) is { } c && c > 0,
            BinaryOperator.LessOrEqual => JuelCoercion.Compare(a, b) is { } c && c <= 0,
            BinaryOperator.GreaterOrEqual => JuelCoercion.Compare(a, b) is { } c && c >= 0,
            _ => JuelCoercion.Arithmetic(op, a, b),
        };
    }
}

/// <summary>Literal text and <c>${}</c> parts joined into a string (a JUEL composite expression).</summary>
internal sealed class CompositeNode(IReadOnlyList<JuelNode> parts) : JuelNode
{
    public override object? Evaluate(IVariableResolver resolver)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            builder.Append(JuelCoercion.ToText(part.Evaluate(resolver)));
        }

        return builder.ToString();
    }
}
