using System.Text;
using System.Text.RegularExpressions;

namespace Bptl.Services.Http;

/// <summary>
/// Takes secrets out of what a timeline records: values of query parameters, form fields, JSON properties and XML
/// elements whose names look secret (key, token, secret, password...), and every occurrence of the secrets Bptl
/// itself sends (the credential's secret, the current OAuth2 token).
/// </summary>
internal static partial class Redaction
{
    public const string Hidden = "***";

    // Shorter values are left alone: replacing every "ab" in a body would hide more than it protects.
    private const int MinKnownSecretLength = 4;

    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    /// <summary>The address without user info, with secret-looking query values and known secrets hidden.</summary>
    public static string Url(Uri url, IReadOnlyCollection<string> knownSecrets)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return Known(FormFields(url.OriginalString), knownSecrets);
        }

        var text = new StringBuilder(url.Scheme).Append("://").Append(url.Authority).Append(url.AbsolutePath);
        if (url.Query.Length > 1)
        {
            text.Append('?').Append(FormFields(url.Query[1..]));
        }

        return Known(text.ToString(), knownSecrets);
    }

    /// <summary>A body with secrets hidden, by its media type.</summary>
    public static string Body(string body, string? mediaType, IReadOnlyCollection<string> knownSecrets)
    {
        var text = body;
        if (mediaType is not null && mediaType.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            text = FormFields(text);
        }
        else
        {
            text = JsonProperty().Replace(text, m => IsSecretName(m.Groups["name"].Value) ? m.Groups["head"].Value + "\"" + Hidden + "\"" : m.Value);
            text = XmlElement().Replace(text, m => IsSecretName(m.Groups["name"].Value) ? $"<{m.Groups["name"].Value}>{Hidden}</{m.Groups["name"].Value}>" : m.Value);
        }

        return Known(text, knownSecrets);
    }

    /// <summary>Free text (an error message) with known secrets hidden.</summary>
    public static string Known(string text, IReadOnlyCollection<string> knownSecrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(knownSecrets);
        foreach (var secret in knownSecrets)
        {
            if (secret.Length >= MinKnownSecretLength)
            {
                text = text.Replace(secret, Hidden, StringComparison.Ordinal);
                var escaped = Uri.EscapeDataString(secret);
                if (escaped != secret)
                {
                    text = text.Replace(escaped, Hidden, StringComparison.OrdinalIgnoreCase);
                }
            }
        }

        return text;
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters, saying so.</summary>
    public static string Truncate(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max), $"… (truncated: {text.Length} characters in all)");
    }

    private static string FormFields(string text) =>
        FormField().Replace(text, m => IsSecretName(Uri.UnescapeDataString(m.Groups["name"].Value.Replace('+', ' ')))
            ? m.Groups["name"].Value + "=" + Hidden
            : m.Value);

    [GeneratedRegex("key|token|secret|passw|pwd|signature|^sig$|credential|auth|session|cookie", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?<=^|[?&;])(?<name>[^=&;\s]+)=(?<value>[^&;\s]*)", RegexOptions.CultureInvariant)]
    private static partial Regex FormField();

    [GeneratedRegex(@"(?<head>""(?<name>[^""\\]{1,100})""\s*:\s*)(?<value>""(?:[^""\\]|\\.)*""|-?[\w.+-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex JsonProperty();

    [GeneratedRegex(@"<(?<name>[A-Za-z_][\w.:-]{0,100})>(?<value>[^<]*)</\k<name>>", RegexOptions.CultureInvariant)]
    private static partial Regex XmlElement();
}
