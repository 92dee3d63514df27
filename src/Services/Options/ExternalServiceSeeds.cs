using System.Diagnostics.CodeAnalysis;
using Bptl.Services.Model;

namespace Bptl.Services.Options;

/// <summary>Turns configured seeds into definitions and credentials.</summary>
internal static class ExternalServiceSeeds
{
    public static bool TryDefinition(string name, ExternalServiceSeed seed, [NotNullWhen(true)] out ExternalServiceDefinition? definition,
        out List<string> failures)
    {
        failures = [];
        Uri? baseUrl = null;
        Uri? tokenUrl = null;
        if (string.IsNullOrWhiteSpace(seed.BaseUrl) || !Uri.TryCreate(seed.BaseUrl, UriKind.Absolute, out baseUrl))
        {
            failures.Add("BaseUrl is required: an absolute http or https address.");
        }

        if (seed.TokenUrl is not null && !Uri.TryCreate(seed.TokenUrl, UriKind.Absolute, out tokenUrl))
        {
            failures.Add("TokenUrl must be an absolute http or https address.");
        }

        if (failures.Count > 0)
        {
            definition = null;
            return false;
        }

        definition = new ExternalServiceDefinition
        {
            Name = name,
            BaseUrl = baseUrl!,
            Auth = seed.Auth,
            ApiKeyHeader = seed.ApiKeyHeader,
            TokenUrl = tokenUrl,
            Scope = seed.Scope,
            Timeout = seed.Timeout,
            RecordBodies = seed.RecordBodies,
        };
        return true;
    }

    /// <summary>The seed's credentials: the inline default (when any of its fields is set) and one per application.</summary>
    public static IEnumerable<(string? AppId, ExternalServiceCredential Credential)> Credentials(ExternalServiceSeed seed)
    {
        if (seed.UserName is not null || seed.ClientId is not null || seed.Secret is not null)
        {
            yield return (null, new ExternalServiceCredential { UserName = seed.UserName, ClientId = seed.ClientId, Secret = seed.Secret });
        }

        foreach (var (appId, app) in seed.Apps)
        {
            yield return (appId, new ExternalServiceCredential
            {
                AppId = appId,
                UserName = app?.UserName,
                ClientId = app?.ClientId,
                Secret = app?.Secret,
            });
        }
    }
}
