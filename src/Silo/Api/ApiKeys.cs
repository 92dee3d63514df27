using System.Security.Cryptography;
using System.Text;
using Bptl.Silo.Options;
using Microsoft.AspNetCore.Http;

namespace Bptl.Silo.Api;

/// <summary>
/// The configured API keys. A request presents one as <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>;
/// it is compared with every configured key in constant time (on SHA-256 digests, so lengths do not leak either), and
/// only the key's name is ever shown.
/// </summary>
internal sealed class ApiKeys
{
    private readonly List<(string Name, byte[] Digest)> _keys;

    public ApiKeys(IEnumerable<ApiKeyOptions> keys) =>
        _keys = [.. keys.Where(k => !string.IsNullOrEmpty(k.Key)).Select(k => (k.Name ?? "", SHA256.HashData(Encoding.UTF8.GetBytes(k.Key!))))];

    /// <summary>True when at least one key is configured (the API is on).</summary>
    public bool Any => _keys.Count > 0;

    /// <summary>The name of the key the request presents, or null when it presents none or a wrong one.</summary>
    public string? Authenticate(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var presented = Presented(headers);
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? match = null;
        foreach (var (name, expected) in _keys)
        {
            // No early exit: every key is compared, whichever matches.
            if (CryptographicOperations.FixedTimeEquals(digest, expected))
            {
                match = name;
            }
        }

        return match;
    }

    private static string? Presented(IHeaderDictionary headers)
    {
        var authorization = headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[bearer.Length..].Trim();
        }

        return headers.TryGetValue("X-Api-Key", out var key) ? key.ToString().Trim() : null;
    }
}
