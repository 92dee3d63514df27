using System.Globalization;
using System.Text.Json;

namespace Bptl.Camunda.Auth;

/// <summary>
/// Reading an OAuth2 token endpoint's answer (RFC 6749 §5), shared by every client-credentials cache: the token and
/// its lifetime, the provider's error, and when to ask again.
/// </summary>
public static class OAuth2TokenResponse
{
    /// <summary>The lifetime assumed when the answer has no usable <c>expires_in</c>: 5 minutes.</summary>
    public static TimeSpan LifetimeWhenUnknown { get; } = TimeSpan.FromMinutes(5);

    /// <summary>The access token and its lifetime (null when not given), or null when the answer has no access token.</summary>
    public static (string Token, TimeSpan? Lifetime)? Parse(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(token.GetString()))
            {
                return null;
            }

            TimeSpan? lifetime = null;
            if (root.TryGetProperty("expires_in", out var expires))
            {
                if (expires.ValueKind == JsonValueKind.Number && expires.TryGetInt64(out var seconds) && seconds > 0)
                {
                    lifetime = TimeSpan.FromSeconds(seconds);
                }
                else if (expires.ValueKind == JsonValueKind.String
                         && long.TryParse(expires.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds > 0)
                {
                    lifetime = TimeSpan.FromSeconds(seconds);
                }
            }

            return (token.GetString()!, lifetime);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// <c> (error: description)</c> from an error answer, or empty. Only the provider's error code and description are
    /// quoted; the request (and its secret) never is.
    /// </summary>
    public static string DescribeError(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                var description = root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String
                    ? ": " + d.GetString()
                    : "";
                return $" ({error.GetString()}{description})";
            }
        }
        catch (JsonException)
        {
        }

        return "";
    }

    /// <summary>How long after issue to ask for a new token: <paramref name="refreshBeforeExpiry"/> early, but never before half its life.</summary>
    public static TimeSpan RefreshAfter(TimeSpan lifetime, TimeSpan refreshBeforeExpiry)
    {
        var early = refreshBeforeExpiry < lifetime / 2 ? refreshBeforeExpiry : lifetime / 2;
        return lifetime - early;
    }
}
