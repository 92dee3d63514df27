using System.Globalization;

namespace Bptl.Sandbox.Expressions;

internal enum TokenKind
{
    End,
    Number,
    String,
    Identifier,
    Operator,
}

internal readonly record struct Token(TokenKind Kind, string Text, object? Value, int Position);

/// <summary>Splits the body of a <c>${...}</c> expression into tokens.</summary>
internal static class JuelLexer
{
    private static readonly string[] Operators =
        ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", "+", "-", "*", "/", "%", "?", ":", ".", "[", "]", ","];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(ReadString(text, ref i));
            }
            else if (char.IsLetter(c) || c is '_' or '$')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '$'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], null, start));
            }
            else
            {
                tokens.Add(ReadOperator(text, ref i));
            }
        }

        tokens.Add(new Token(TokenKind.End, string.Empty, null, text.Length));
        return tokens;
    }

    private static Token ReadNumber(string text, ref int i)
    {
        var start = i;
        var isFloating = false;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
        {
            isFloating = true;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            isFloating = true;
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        var literal = text[start..i];
        if (isFloating)
        {
            return new Token(TokenKind.Number, literal, double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture), start);
        }

        if (!long.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new ExpressionSyntaxException("Integer literal '" + literal + "' is out of range");
        }

        return new Token(TokenKind.Number, literal, value, start);
    }

    private static Token ReadString(string text, ref int i)
    {
        var quote = text[i];
        var start = i;
        i++;
        var builder = new System.Text.StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '\'' or '"' or '\\')
            {
                i++;
            }

            builder.Append(text[i]);
            i++;
        }

        if (i >= text.Length)
        {
            throw new ExpressionSyntaxException("Unterminated string literal at position " + start.ToString(CultureInfo.InvariantCulture));
        }

        i++;
        return new Token(TokenKind.String, text[start..i], builder.ToString(), start);
    }

    private static Token ReadOperator(string text, ref int i)
    {
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(text, i, op, 0, op.Length) == 0)
            {
                var token = new Token(TokenKind.Operator, op, null, i);
                i += op.Length;
                return token;
            }
        }

        throw new ExpressionSyntaxException("Unexpected character '" + text[i] + "' at position " + i.ToString(CultureInfo.InvariantCulture));
    }
}
