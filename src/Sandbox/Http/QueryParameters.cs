using System.Globalization;
using Bptl.Sandbox.Engine;
using Microsoft.AspNetCore.Http;

namespace Bptl.Sandbox.Http;

/// <summary>Typed access to query-string parameters with Camunda's error for unparseable values.</summary>
internal readonly struct QueryParameters(IQueryCollection query)
{
    public string? String(string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>A comma-separated list, as Camunda's <c>...In</c> parameters are given.</summary>
    public List<string>? List(string name) => String(name) is { } text ? [.. text.Split(',')] : null;

    public HashSet<string>? Set(string name) => List(name) is { } list ? new HashSet<string>(list, StringComparer.Ordinal) : null;

    public bool Flag(string name) => Bool(name) == true;

    public bool? Bool(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) ? false : throw Errors.InvalidQueryParameter(name, text);
    }

    public int? Int(string name)
    {
        var text = String(name);
        return text is null ? null
            : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
            : throw Errors.InvalidQueryParameter(name, text);
    }

    public long? Long(string name)
    {
        var text = String(name);
        return text is null ? null
            : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
            : throw Errors.InvalidQueryParameter(name, text);
    }
}
