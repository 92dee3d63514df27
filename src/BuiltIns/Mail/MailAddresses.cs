using System.Diagnostics.CodeAnalysis;
using System.Net.Mail;

namespace Bptl.BuiltIns.Mail;

/// <summary>Parses address lists (comma or semicolon separated).</summary>
internal static class MailAddresses
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out MailAddress? address)
    {
        address = null;
        return !string.IsNullOrWhiteSpace(text) && MailAddress.TryCreate(text.Trim(), out address);
    }

    /// <summary>Every address of <paramref name="list"/>; throws naming the first invalid one.</summary>
    public static List<MailAddress> ParseList(string? list, string variable)
    {
        var addresses = new List<MailAddress>();
        foreach (var part in (list ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!MailAddress.TryCreate(part, out var address))
            {
                throw new ArgumentException($"'{part}' in {variable} is not a valid e-mail address.");
            }

            addresses.Add(address);
        }

        return addresses;
    }
}
