namespace Bptl.Sandbox.Expressions;

/// <summary>
/// A recursive-descent parser for the JUEL subset the sandbox evaluates: literals, identifiers,
/// <c>! not empty -</c>, arithmetic, comparisons (symbolic and <c>eq ne lt gt le ge</c>), <c>&amp;&amp; and || or</c>,
/// the conditional operator and parentheses. Property access and method calls are refused.
/// </summary>
internal sealed class JuelParser
{
    private readonly List<Token> _tokens;
    private int _index;

    private JuelParser(List<Token> tokens) => _tokens = tokens;

    public static JuelNode Parse(string body)
    {
        var parser = new JuelParser(JuelLexer.Tokenize(body));
        var node = parser.ParseConditional();
        var trailing = parser.Peek;
        if (trailing.Kind != TokenKind.End)
        {
            throw Unsupported(trailing);
        }

        return node;
    }

    private Token Peek => _tokens[_index];

    private Token Next() => _tokens[_index++];

    private bool Accept(string text)
    {
        var token = Peek;
        if ((token.Kind == TokenKind.Operator || token.Kind == TokenKind.Identifier) && string.Equals(token.Text, text, StringComparison.Ordinal))
        {
            _index++;
            return true;
        }

        return false;
    }

    private JuelNode ParseConditional()
    {
        var condition = ParseOr();
        if (!Accept("?"))
        {
            return condition;
        }

        var whenTrue = ParseConditional();
        Expect(":");
        var whenFalse = ParseConditional();
        return new ConditionalNode(condition, whenTrue, whenFalse);
    }

    private JuelNode ParseOr()
    {
        var left = ParseAnd();
        while (Accept("||") || Accept("or"))
        {
            left = new OrNode(left, ParseAnd());
        }

        return left;
    }

    private JuelNode ParseAnd()
    {
        var left = ParseEquality();
        while (Accept("&&") || Accept("and"))
        {
            left = new AndNode(left, ParseEquality());
        }

        return left;
    }

    private JuelNode ParseEquality()
    {
        var left = ParseRelational();
        while (true)
        {
            if (Accept("==") || Accept("eq"))
            {
                left = new BinaryNode(BinaryOperator.Equal, left, ParseRelational());
            }
            else if (Accept("!=") || Accept("ne"))
            {
                left = new BinaryNode(BinaryOperator.NotEqual, left, ParseRelational());
            }
            else
            {
                return left;
            }
        }
    }

    private JuelNode ParseRelational()
    {
        var left = ParseAdditive();
        while (true)
        {
            BinaryOperator op;
            if (Accept("<=") || Accept("le"))
            {
                op = BinaryOperator.LessOrEqual;
            }
            else if (Accept(">=") || Accept("ge"))
            {
                op = BinaryOperator.GreaterOrEqual;
            }
            else if (Accept("<") || Accept("lt"))
            {
                op = BinaryOperator.Less;
            }
            else if (Accept(">") || Accept("gt"))
            {
                op = BinaryOperator.Greater;
            }
            else
            {
                return left;
            }

            left = new BinaryNode(op, left, ParseAdditive());
        }
    }

    private JuelNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (true)
        {
            if (Accept("+"))
            {
                left = new BinaryNode(BinaryOperator.Add, left, ParseMultiplicative());
            }
            else if (Accept("-"))
            {
                left = new BinaryNode(BinaryOperator.Subtract, left, ParseMultiplicative());
            }
            else
            {
                return left;
            }
        }
    }

    private JuelNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (true)
        {
            if (Accept("*"))
            {
                left = new BinaryNode(BinaryOperator.Multiply, left, ParseUnary());
            }
            else if (Accept("/") || Accept("div"))
            {
                left = new BinaryNode(BinaryOperator.Divide, left, ParseUnary());
            }
            else if (Accept("%") || Accept("mod"))
            {
                left = new BinaryNode(BinaryOperator.Modulo, left, ParseUnary());
            }
            else
            {
                return left;
            }
        }
    }

    private JuelNode ParseUnary()
    {
        if (Accept("!") || Accept("not"))
        {
            return new NotNode(ParseUnary());
        }

        if (Accept("empty"))
        {
            return new EmptyNode(ParseUnary());
        }

        if (Accept("-"))
        {
            return new NegateNode(ParseUnary());
        }

        return ParsePrimary();
    }

    private JuelNode ParsePrimary()
    {
        var token = Next();
        JuelNode node;
        switch (token.Kind)
        {
            case TokenKind.Number:
            case TokenKind.String:
                node = new LiteralNode(token.Value);
                break;
            case TokenKind.Identifier:
                node = token.Text switch
                {
                    "true" => new LiteralNode(true),
                    "false" => new LiteralNode(false),
                    "null" => new LiteralNode(null),
                    "and" or "or" or "not" or "eq" or "ne" or "lt" or "gt" or "le" or "ge" or "div" or "mod" or "empty" or "instanceof"
                        => throw Unsupported(token),
                    _ => new IdentifierNode(token.Text),
                };
                break;
            case TokenKind.Operator when token.Text == "(":
                node = ParseConditional();
                Expect(")");
                break;
            default:
                throw Unsupported(token);
        }

        var after = Peek;
        if (after.Kind == TokenKind.Operator && after.Text is "." or "[" or "(")
        {
            throw new ExpressionSyntaxException(
                "Property access and method calls are not supported by the sandbox engine (at '" + after.Text + "')");
        }

        return node;
    }

    private void Expect(string text)
    {
        if (!Accept(text))
        {
            throw Unsupported(Peek);
        }
    }

    private static ExpressionSyntaxException Unsupported(Token token) => token.Kind == TokenKind.End
        ? new ExpressionSyntaxException("Unexpected end of expression")
        : new ExpressionSyntaxException("Unexpected token '" + token.Text + "'");
}
