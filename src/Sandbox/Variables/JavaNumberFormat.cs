using System.Globalization;

namespace Bptl.Sandbox.Variables;

/// <summary>
/// Renders a double the way Java's <c>Double.toString</c> (and so Jackson) does: <c>5.0</c>,
/// <c>0.001</c>, <c>1.0E7</c>, <c>1.2345E-5</c>. Both runtimes print the shortest round-trip digits,
/// so only the layout differs.
/// </summary>
internal static class JavaNumberFormat
{
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "Infinity";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Infinity";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        var (negative, digits, exponent) = Decompose(value);
        var sign = negative ? "-" : string.Empty;
        var magnitude = Math.Abs(value);
        if (magnitude is >= 1e-3 and < 1e7)
        {
            // Plain notation; exponent is the position of the decimal point after the first digit.
            var pointIndex = exponent + 1;
            if (pointIndex <= 0)
            {
                return sign + "0." + new string('0', -pointIndex) + digits;
            }

            if (pointIndex >= digits.Length)
            {
                return sign + digits + new string('0', pointIndex - digits.Length) + ".0";
            }

            return sign + digits[..pointIndex] + "." + digits[pointIndex..];
        }

        var fraction = digits.Length > 1 ? digits[1..] : "0";
        return sign + digits[0] + "." + fraction + "E" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Splits the shortest round-trip form into significant digits and a decimal exponent.</summary>
    private static (bool Negative, string Digits, int Exponent) Decompose(double value)
    {
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var ePos = shortest.IndexOfAny(['E', 'e']);
        var mantissa = ePos >= 0 ? shortest[..ePos] : shortest;
        var exponent = ePos >= 0 ? int.Parse(shortest[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : string.Empty;
        var all = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - all.Length;
        exponent += intPart.Length - 1 - leadingZeros;
        all = all.TrimEnd('0');
        if (all.Length == 0)
        {
            all = "0";
        }

        return (value < 0, all, exponent);
    }
}
