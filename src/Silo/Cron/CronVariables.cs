using System.Globalization;
using System.Text.RegularExpressions;
using Bptl.Variables;

namespace Bptl.Silo.Cron;

/// <summary>Turns the configured name → text variables of a schedule into typed variables.</summary>
internal static partial class CronVariables
{
    /// <summary>
    /// <c>true</c>/<c>false</c> are Boolean; digits without a leading zero (and an optional minus) are Integer, or Long
    /// past its range; a decimal number is Double; anything else (including <c>007</c>) is String.
    /// </summary>
    public static VariableMap From(IReadOnlyDictionary<string, string> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var variables = new VariableMap();
        foreach (var (name, text) in configured)
        {
            variables[name] = Read(text);
        }

        return variables;
    }

    public static VariableValue Read(string? text)
    {
        if (text is null)
        {
            return VariableValue.Null();
        }

        if (text is "true" or "false")
        {
            return VariableValue.Boolean(text == "true");
        }

        if (IntegerPattern().IsMatch(text))
        {
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small))
            {
                return VariableValue.Integer(small);
            }

            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var large))
            {
                return VariableValue.Long(large);
            }
        }

        if (DecimalPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return VariableValue.Double(number);
        }

        return VariableValue.String(text);
    }

    [GeneratedRegex("^-?(0|[1-9][0-9]*)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex("^-?(0|[1-9][0-9]*)\\.[0-9]+$")]
    private static partial Regex DecimalPattern();
}
