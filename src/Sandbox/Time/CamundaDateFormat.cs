using System.Globalization;

namespace Bptl.Sandbox.Time;

/// <summary>
/// Camunda's REST date format <c>yyyy-MM-dd'T'HH:mm:ss.SSSZ</c>, for example
/// <c>2026-01-25T13:33:42.165+0100</c>: always milliseconds, an RFC 822 offset without a colon.
/// Parsing is strict on purpose: a real engine refuses a colon in the offset and a value without
/// milliseconds, so the sandbox does too.
/// </summary>
internal static class CamundaDateFormat
{
    public const int Length = 28;

    public static string Format(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var offset = zone.GetUtcOffset(instant.UtcDateTime);
        // DateTimeOffset only carries whole minutes; historical zones with second offsets are rounded.
        offset = TimeSpan.FromMinutes(Math.Round(offset.TotalMinutes));
        var local = instant.ToOffset(offset);
        return string.Create(Length, local, static (span, d) =>
        {
            WriteDigits(span[..4], d.Year);
            span[4] = '-';
            WriteDigits(span.Slice(5, 2), d.Month);
            span[7] = '-';
            WriteDigits(span.Slice(8, 2), d.Day);
            span[10] = 'T';
            WriteDigits(span.Slice(11, 2), d.Hour);
            span[13] = ':';
            WriteDigits(span.Slice(14, 2), d.Minute);
            span[16] = ':';
            WriteDigits(span.Slice(17, 2), d.Second);
            span[19] = '.';
            WriteDigits(span.Slice(20, 3), d.Millisecond);
            var minutes = (int)d.Offset.TotalMinutes;
            span[23] = minutes < 0 ? '-' : '+';
            minutes = Math.Abs(minutes);
            WriteDigits(span.Slice(24, 2), minutes / 60);
            WriteDigits(span.Slice(26, 2), minutes % 60);
        });
    }

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != Length
            || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || text[19] != '.' || (text[23] != '+' && text[23] != '-'))
        {
            return false;
        }

        if (!TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month)
            || !TryDigits(text.Slice(8, 2), out var day) || !TryDigits(text.Slice(11, 2), out var hour)
            || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second)
            || !TryDigits(text.Slice(20, 3), out var millis) || !TryDigits(text.Slice(24, 2), out var offsetHours)
            || !TryDigits(text.Slice(26, 2), out var offsetMinutes))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59 || offsetHours > 14 || offsetMinutes > 59)
        {
            return false;
        }

        var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
        if (text[23] == '-')
        {
            offset = -offset;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, millis, offset);
        return true;
    }

    /// <summary>Milliseconds since the epoch, as Java's <c>Date.getTime()</c> prints them in messages.</summary>
    public static string EpochMillis(DateTimeOffset instant) =>
        instant.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static void WriteDigits(Span<char> target, int value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
