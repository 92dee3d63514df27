using Bptl.Services.Model;

namespace Bptl.Services.Secrets;

/// <summary>How the store shows a secret: never in clear.</summary>
internal static class SecretMask
{
    public const string Set = "set";
    public const string Unreadable = "unreadable";

    /// <summary>
    /// <c>••••</c> and the last four characters of a long key, token or client secret, which is enough to tell two
    /// apart; <c>set</c> for a password or a short secret, whose tail would give too much away.
    /// </summary>
    public static string Mask(ServiceAuthKind auth, string secret) =>
        auth != ServiceAuthKind.Basic && secret.Length >= 16 ? "••••" + secret[^4..] : Set;
}
