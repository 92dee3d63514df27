using System.Globalization;

namespace Bptl.Variables;

/// <summary>
/// The engine's date format, <c>yyyy-MM-dd'T'HH:mm:ss.SSSZ</c>: milliseconds and an RFC 822 offset
/// without a colon (<c>2016-01-25T13:33:42.165+0100</c>). The engine refuses a colon in the offset and
/// a missing fraction, so this writes exactly that shape and reads it strictly.
/// </summary>
public static class CamundaDate
{
    /// <summary>Formats <paramref name="value"/> in the engine's format, keeping its offset.</summary>
    public static string Format(DateTimeOffset value)
    {
        var offset = value.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture,
            $"{value:yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff}{sign}{abs.Hours:00}{abs.Minutes:00}");
    }

    /// <summary>
    /// Writes <paramref name="value"/> as a JSON string in the engine's format, with the <c>+</c> of the offset
    /// unescaped (the text is plain ASCII, so it needs no escaping).
    /// </summary>
    public static void WriteJson(System.Text.Json.Utf8JsonWriter writer, DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue("\"" + Format(value) + "\"", skipInputValidation: true);
    }

    /// <summary>Parses the engine's format; returns false for anything else.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        // yyyy-MM-ddTHH:mm:ss.fff+hhmm is exactly 28 characters.
        if (text is null || text.Length != 28 || text[19] != '.' || (text[23] != '+' && text[23] != '-'))
        {
            return false;
        }

        var withColon = string.Concat(text.AsSpan(0, 26), ":", text.AsSpan(26));
        return DateTimeOffset.TryParseExact(withColon, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffzzz",
            CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>Parses the engine's format or throws a <see cref="FormatException"/> that quotes the text.</summary>
    public static DateTimeOffset Parse(string text) =>
        TryParse(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a Camunda date (expected yyyy-MM-dd'T'HH:mm:ss.SSSZ, for example 2016-01-25T13:33:42.165+0100).");
}
