using System.Text;
using System.Text.RegularExpressions;

namespace Bptl.Testing.Smtp;

/// <summary>A message the <see cref="SmtpSink"/> received: its envelope and raw data, with the decoded subject and body.</summary>
public sealed partial record ReceivedMail(string From, IReadOnlyList<string> To, string Data)
{
    private string Headers => Data[..Math.Max(0, Data.IndexOf("\r\n\r\n", StringComparison.Ordinal))];

    /// <summary>A header's (unfolded) value, or null.</summary>
    public string? Header(string name)
    {
        var unfolded = Folding().Replace(Headers, " ");
        foreach (var line in unfolded.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>The subject, with RFC 2047 encoded words decoded.</summary>
    public string? Subject => Header("Subject") is { } raw ? EncodedWord().Replace(BetweenWords().Replace(raw, "?==?"), DecodeWord) : null;

    /// <summary>The body, with its transfer encoding (base64, quoted-printable) undone, as UTF-8.</summary>
    public string Body
    {
        get
        {
            var body = Data[(Data.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
            var encoding = Header("Content-Transfer-Encoding")?.ToLowerInvariant();
            return encoding switch
            {
                "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", "", StringComparison.Ordinal))),
                "quoted-printable" => QuotedPrintable(body),
                _ => body.EndsWith("\r\n", StringComparison.Ordinal) ? body[..^2] : body,
            };
        }
    }

    private static string DecodeWord(Match match)
    {
        var text = match.Groups["text"].Value;
        return match.Groups["enc"].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(text))
            : QuotedPrintable(text.Replace('_', ' '));
    }

    private static string QuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        var soft = text.Replace("=\r\n", "", StringComparison.Ordinal);
        for (var i = 0; i < soft.Length; i++)
        {
            if (soft[i] == '=' && i + 2 < soft.Length)
            {
                bytes.Add(Convert.ToByte(soft.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(soft[i].ToString()));
            }
        }

        var decoded = Encoding.UTF8.GetString([.. bytes]);
        return decoded.EndsWith("\r\n", StringComparison.Ordinal) ? decoded[..^2] : decoded;
    }

    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex BetweenWords();

    [GeneratedRegex(@"\r\n[ \t]+")]
    private static partial Regex Folding();

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?(?<enc>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWord();
}
