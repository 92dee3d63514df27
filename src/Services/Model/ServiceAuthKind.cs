namespace Bptl.Services.Model;

/// <summary>How requests to an external service are authenticated.</summary>
public enum ServiceAuthKind
{
    /// <summary>No authentication.</summary>
    None,

    /// <summary>An API key in a request header (<see cref="ExternalServiceDefinition.ApiKeyHeader"/>); the credential's secret is the key.</summary>
    ApiKey,

    /// <summary>HTTP basic: the credential's user name and secret (the password).</summary>
    Basic,

    /// <summary>A static bearer token: the credential's secret.</summary>
    Bearer,

    /// <summary>
    /// OAuth2 client credentials: a token from <see cref="ExternalServiceDefinition.TokenUrl"/> for the credential's
    /// client id and secret (the client secret), cached until shortly before it expires.
    /// </summary>
    OAuth2ClientCredentials,
}

/// <summary>The database spelling of <see cref="ServiceAuthKind"/>.</summary>
internal static class ServiceAuthKinds
{
    public static string ToStored(ServiceAuthKind kind) => kind switch
    {
        ServiceAuthKind.None => "none",
        ServiceAuthKind.ApiKey => "api_key",
        ServiceAuthKind.Basic => "basic",
        ServiceAuthKind.Bearer => "bearer",
        ServiceAuthKind.OAuth2ClientCredentials => "oauth2_client_credentials",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown authentication kind."),
    };

    public static ServiceAuthKind FromStored(string stored) => stored switch
    {
        "none" => ServiceAuthKind.None,
        "api_key" => ServiceAuthKind.ApiKey,
        "basic" => ServiceAuthKind.Basic,
        "bearer" => ServiceAuthKind.Bearer,
        "oauth2_client_credentials" => ServiceAuthKind.OAuth2ClientCredentials,
        _ => throw new InvalidOperationException($"The database holds an unknown authentication kind '{stored}'."),
    };

    /// <summary>Whether credentials of this kind carry a user name (basic) or a client id (OAuth2).</summary>
    public static bool NeedsCredential(ServiceAuthKind kind) => kind != ServiceAuthKind.None;
}
