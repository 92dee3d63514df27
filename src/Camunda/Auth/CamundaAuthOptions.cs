namespace Bptl.Camunda.Auth;

/// <summary>How the client authenticates to the engine.</summary>
public enum CamundaAuthMode
{
    /// <summary>No Authorization header (engine-rest's default).</summary>
    None,
    /// <summary>HTTP basic with <see cref="CamundaAuthOptions.UserName"/> and <see cref="CamundaAuthOptions.Password"/>.</summary>
    Basic,
    /// <summary>A static bearer token, <see cref="CamundaAuthOptions.BearerToken"/>.</summary>
    Bearer,
    /// <summary>OAuth2 client credentials: a token from <see cref="CamundaAuthOptions.TokenEndpoint"/>, cached and refreshed before it expires.</summary>
    OAuth2ClientCredentials,
}

/// <summary>Credentials for the engine. Secrets here are never logged and never shown by <see cref="ToString"/>.</summary>
public sealed class CamundaAuthOptions
{
    /// <summary>The mode. Default <see cref="CamundaAuthMode.None"/>.</summary>
    public CamundaAuthMode Mode { get; set; }

    /// <summary>Basic: the user.</summary>
    public string? UserName { get; set; }

    /// <summary>Basic: the password.</summary>
    public string? Password { get; set; }

    /// <summary>Bearer: the token.</summary>
    public string? BearerToken { get; set; }

    /// <summary>OAuth2: the token endpoint.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>OAuth2: the client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>OAuth2: the client secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>OAuth2: the scope to ask for, if any.</summary>
    public string? Scope { get; set; }

    /// <summary>OAuth2: the audience to ask for, if the provider wants one.</summary>
    public string? Audience { get; set; }

    /// <summary>OAuth2: refresh a cached token this long before it expires. Default 30 s.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override string ToString() => $"{Mode} (secrets hidden)";
}
