using System.Globalization;
using System.Text;
using System.Text.Json;
using Bptl.Variables;

namespace Bptl.BuiltIns.Templates;

/// <summary>
/// Text with <c>{{name}}</c> placeholders filled from process variables. <c>{{name}}</c> inserts the value as text
/// (a Date in the engine's format, Json and Xml as their text); <c>{{name|json}}</c> inserts it as a JSON literal
/// (a quoted, escaped string; a number; true/false; null; Json as is); <c>{{name|url}}</c> inserts it escaped for a
/// URL path segment or query value. <c>{{{{</c> is a literal <c>{{</c>. A placeholder naming a missing variable is
/// an error that names it.
/// </summary>
public static class VariableTemplate
{
    /// <summary>Fills <paramref name="template"/>; <paramref name="defaultFormat"/> applies to placeholders without a format.</summary>
    /// <exception cref="TemplateException">A placeholder is malformed, names a missing variable or an unknown format.</exception>
    public static string Render(string template, VariableMap variables, TemplateFormat defaultFormat = TemplateFormat.Text)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(variables);
        var output = new StringBuilder(template.Length);
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                output.Append(template, position, template.Length - position);
                break;
            }

            output.Append(template, position, open - position);
            if (string.CompareOrdinal(template, open, "{{{{", 0, 4) == 0)
            {
                output.Append("{{");
                position = open + 4;
                continue;
            }

            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new TemplateException($"The placeholder opened at character {open} is not closed with '}}}}'.");
            }

            var placeholder = template[(open + 2)..close].Trim();
            var bar = placeholder.IndexOf('|', StringComparison.Ordinal);
            var name = (bar < 0 ? placeholder : placeholder[..bar]).Trim();
            var format = bar < 0 ? defaultFormat : ParseFormat(placeholder[(bar + 1)..].Trim(), name);
            if (name.Length == 0)
            {
                throw new TemplateException($"The placeholder at character {open} names no variable.");
            }

            if (!variables.TryGetValue(name, out var value))
            {
                throw new TemplateException($"The template uses the variable '{name}', which the process does not have.") { VariableName = name };
            }

            output.Append(Format(value, format));
            position = close + 2;
        }

        return output.ToString();
    }

    /// <summary>A variable's value as text.</summary>
    public static string? AsText(VariableValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Value switch
        {
            null => null,
            string text => text,
            bool flag => flag ? "true" : "false",
            DateTimeOffset date => CamundaDate.Format(date),
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            byte[] bytes => Convert.ToBase64String(bytes),
            JsonElement element => element.GetRawText(),
            var other => other.ToString(),
        };
    }

    private static TemplateFormat ParseFormat(string format, string name) => format switch
    {
        "json" => TemplateFormat.Json,
        "url" => TemplateFormat.Url,
        "text" => TemplateFormat.Text,
        _ => throw new TemplateException($"The placeholder for '{name}' has the unknown format '{format}' (use text, json or url)."),
    };

    private static string Format(VariableValue value, TemplateFormat format) => format switch
    {
        TemplateFormat.Json => AsJson(value),
        TemplateFormat.Url => Uri.EscapeDataString(AsText(value) ?? ""),
        _ => AsText(value) ?? "",
    };

    private static string AsJson(VariableValue value) => value.Type switch
    {
        VariableType.Null => "null",
        VariableType.Json => AsText(value) ?? "null",
        VariableType.Boolean or VariableType.Short or VariableType.Integer or VariableType.Long or VariableType.Double => AsText(value) ?? "null",
        _ => AsText(value) is { } text ? JsonString(text) : "null",
    };

    private static string JsonString(string text)
    {
        // Relaxed escaping: the result goes into a JSON body, not into HTML, so quotes are \" and non-ASCII stays readable.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(text.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStringValue(text);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>How a placeholder's value is written.</summary>
public enum TemplateFormat
{
    /// <summary>As text.</summary>
    Text,
    /// <summary>As a JSON literal.</summary>
    Json,
    /// <summary>Escaped for a URL.</summary>
    Url,
}

/// <summary>A template that cannot be filled.</summary>
public sealed class TemplateException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public TemplateException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TemplateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The missing variable, when that is the problem.</summary>
    public string? VariableName { get; init; }
}
