using System.Globalization;
using System.Text;
using Bptl.Variables;

namespace Bptl.Camunda.Http;

/// <summary>Builds a path with an escaped query string; unset values are left out.</summary>
internal sealed class QueryString
{
    private readonly StringBuilder _text;
    private bool _hasQuery;

    public QueryString(string path) => _text = new StringBuilder(path);

    public QueryString Add(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _text.Append(_hasQuery ? '&' : '?').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        _hasQuery = true;
        return this;
    }

    public QueryString Add(string name, bool? value) => Add(name, value is { } b ? (b ? "true" : "false") : null);

    public QueryString Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryString Add(string name, DateTimeOffset? value) => Add(name, value is { } d ? CamundaDate.Format(d) : null);

    public QueryString Add(string name, IReadOnlyList<string>? values) =>
        values is null || values.Count == 0 ? this : Add(name, string.Join(',', values));

    public override string ToString() => _text.ToString();

    /// <summary>Escapes one path segment (an id or a name).</summary>
    public static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }
}
