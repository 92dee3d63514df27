using System.Text.Json;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Engine;

/// <summary>SQL <c>LIKE</c> with <c>%</c> and <c>_</c>, as the engine's queries apply it.</summary>
internal static class SqlLike
{
    public static bool Matches(string? value, string pattern)
    {
        if (value is null)
        {
            return false;
        }

        return Match(value.AsSpan(), pattern.AsSpan());
    }

    private static bool Match(ReadOnlySpan<char> value, ReadOnlySpan<char> pattern)
    {
        while (pattern.Length > 0)
        {
            var p = pattern[0];
            if (p == '%')
            {
                var rest = pattern[1..];
                for (var i = 0; i <= value.Length; i++)
                {
                    if (Match(value[i..], rest))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (value.Length == 0 || (p != '_' && p != value[0]))
            {
                return false;
            }

            value = value[1..];
            pattern = pattern[1..];
        }

        return value.Length == 0;
    }
}

/// <summary>
/// fetchAndLock's <c>processVariables</c>: a task matches when <em>any</em> listed variable of its
/// process instance equals the given plain JSON value (the mapper SQL joins the entries with OR).
/// Numbers match every numeric type, as the engine's numeric variable queries do.
/// </summary>
internal static class ProcessVariableFilter
{
    public static bool AnyMatches(ProcessInstance instance, List<KeyValuePair<string, JsonElement>> expected)
    {
        foreach (var (name, value) in expected)
        {
            if (instance.Variables.TryGetValue(name, out var actual) && ValueEquals(actual, value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ValueEquals(TypedValue actual, JsonElement expected) => expected.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => actual.Value is null,
        JsonValueKind.String => actual.Value is string text && actual.Kind == VariableKind.String
            && string.Equals(text, expected.GetString(), StringComparison.Ordinal),
        JsonValueKind.True => actual.Value is true,
        JsonValueKind.False => actual.Value is false,
        JsonValueKind.Number => actual.Value switch
        {
            short s => expected.GetDouble() == s,
            int i => expected.GetDouble() == i,
            long l => expected.TryGetInt64(out var e) ? e == l : expected.GetDouble() == l,
            double d => expected.GetDouble() == d,
            _ => false,
        },
        _ => actual.Value is string serialized && string.Equals(serialized, expected.GetRawText(), StringComparison.Ordinal),
    };
}
