namespace Bptl.Sandbox.Expressions;

/// <summary>
/// A compiled JUEL expression: <c>${...}</c> (or <c>#{...}</c>), plain literal text, or a composite
/// of both. Compile once at deployment; evaluate against a resolver per use.
/// </summary>
internal sealed class Expression
{
    private readonly JuelNode _root;

    private Expression(string text, JuelNode root, bool isLiteral)
    {
        Text = text;
        _root = root;
        IsLiteral = isLiteral;
    }

    public string Text { get; }

    /// <summary>True when the text has no <c>${}</c> part (its value is the text itself).</summary>
    public bool IsLiteral { get; }

    public static Expression Compile(string text)
    {
        var parts = new List<JuelNode>();
        var literal = new System.Text.StringBuilder();
        var i = 0;
        var hasDynamicPart = false;
        while (i < text.Length)
        {
            if ((text[i] == '$' || text[i] == '#') && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = FindClosingBrace(text, i + 2);
                if (close < 0)
                {
                    throw new ExpressionSyntaxException("Missing '}' in expression");
                }

                if (literal.Length > 0)
                {
                    parts.Add(new LiteralNode(literal.ToString()));
                    literal.Clear();
                }

                parts.Add(JuelParser.Parse(text[(i + 2)..close]));
                hasDynamicPart = true;
                i = close + 1;
            }
            else
            {
                literal.Append(text[i]);
                i++;
            }
        }

        if (literal.Length > 0)
        {
            parts.Add(new LiteralNode(literal.ToString()));
        }

        var root = parts.Count switch
        {
            0 => new LiteralNode(string.Empty),
            1 when hasDynamicPart || parts[0] is LiteralNode => parts[0],
            _ => new CompositeNode(parts),
        };
        return new Expression(text, root, !hasDynamicPart);
    }

    public object? Evaluate(IVariableResolver resolver) => _root.Evaluate(resolver);

    private static int FindClosingBrace(string text, int start)
    {
        char? quote = null;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == q)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '}')
            {
                return i;
            }
        }

        return -1;
    }
}
