using System.Globalization;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Expressions;

/// <summary>
/// The coercion rules of the Unified Expression Language (as JUEL implements them) for the value
/// kinds the sandbox has: null, bool, long, double, string, date and bytes.
/// </summary>
internal static class JuelCoercion
{
    public static bool ToBoolean(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => string.Equals(s, "true", StringComparison.OrdinalIgnoreCase),
        _ => throw CannotCoerceType(value, "java.lang.Boolean"),
    };

    public static bool AreEqual(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null)
        {
            return false;
        }

        if (a is double || b is double)
        {
            return ToDouble(a) == ToDouble(b);
        }

        if (a is long || b is long)
        {
            return ToLong(a) == ToLong(b);
        }

        if (a is bool || b is bool)
        {
            return ToBoolean(a) == ToBoolean(b);
        }

        if (a is string || b is string)
        {
            return string.Equals(ToText(a), ToText(b), StringComparison.Ordinal);
        }

        if (a is byte[] x && b is byte[] y)
        {
            return x.AsSpan().SequenceEqual(y);
        }

        return a.Equals(b);
    }

    /// <summary>Compares for &lt; and friends; null when either side is null (the operator is then false).</summary>
    public static int? Compare(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        if (a is double || b is double)
        {
            return ToDouble(a).CompareTo(ToDouble(b));
        }

        if (a is long || b is long)
        {
            return ToLong(a).CompareTo(ToLong(b));
        }

        if (a is string sa && b is string sb)
        {
            return string.CompareOrdinal(sa, sb);
        }

        if (a is DateTimeOffset da && b is DateTimeOffset db)
        {
            return da.CompareTo(db);
        }

        if (a is bool ba && b is bool bb)
        {
            return ba.CompareTo(bb);
        }

        throw new ExpressionEvaluationException("Cannot compare '" + ToText(a) + "' and '" + ToText(b) + "'");
    }

    public static object Arithmetic(BinaryOperator op, object? a, object? b)
    {
        if (a is null && b is null)
        {
            return 0L;
        }

        if (op == BinaryOperator.Divide || a is double || b is double || IsDecimalText(a, b))
        {
            var x = ToDouble(a ?? 0L);
            var y = ToDouble(b ?? 0L);
            return op switch
            {
                BinaryOperator.Add => x + y,
                BinaryOperator.Subtract => x - y,
                BinaryOperator.Multiply => x * y,
                BinaryOperator.Divide => x / y,
                _ => x % y,
            };
        }

        var l = ToLong(a ?? 0L);
        var r = ToLong(b ?? 0L);
        return op switch
        {
            BinaryOperator.Add => l + r,
            BinaryOperator.Subtract => l - r,
            BinaryOperator.Multiply => l * r,
            _ => r == 0 ? throw new ExpressionEvaluationException("/ by zero") : l % r,
        };
    }

    public static object Negate(object? value) => value switch
    {
        null => 0L,
        long l => -l,
        double d => -d,
        string s when IsDecimalText(s, null) => -ToDouble(s),
        string s => -ToLong(s),
        _ => throw CannotCoerceType(value, "java.lang.Long"),
    };

    public static string ToText(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => JavaNumberFormat.FormatDouble(d),
        DateTimeOffset date => date.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    public static string JavaClassName(object? value) => value switch
    {
        null => "null",
        bool => "java.lang.Boolean",
        long => "java.lang.Long",
        double => "java.lang.Double",
        string => "java.lang.String",
        DateTimeOffset => "java.util.Date",
        byte[] => "[B",
        _ => "java.lang.Object",
    };

    private static bool IsDecimalText(object? a, object? b) =>
        (a is string sa && sa.AsSpan().IndexOfAny(".eE") >= 0) || (b is string sb && sb.AsSpan().IndexOfAny(".eE") >= 0);

    private static double ToDouble(object value) => value switch
    {
        double d => d,
        long l => l,
        string s when s.Length == 0 => 0,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        string s => throw CannotCoerceValue(s, "java.lang.Double"),
        _ => throw CannotCoerceType(value, "java.lang.Double"),
    };

    private static long ToLong(object value) => value switch
    {
        long l => l,
        double d => (long)d,
        string s when s.Length == 0 => 0,
        string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        string s => throw CannotCoerceValue(s, "java.lang.Long"),
        _ => throw CannotCoerceType(value, "java.lang.Long"),
    };

    private static ExpressionEvaluationException CannotCoerceValue(string value, string target) =>
        new("Cannot coerce '" + value + "' to class " + target);

    private static ExpressionEvaluationException CannotCoerceType(object value, string target) =>
        new("Cannot coerce from class " + JavaClassName(value) + " to class " + target);
}
