namespace Bptl.Services.Model;

/// <summary>An external service as an admin (or configuration) defines it; its credentials are set apart.</summary>
public sealed record ExternalServiceDefinition
{
    /// <summary>The name work units ask for: 1 to 100 letters, digits, <c>_</c>, <c>.</c> or <c>-</c>, starting with a letter or digit.</summary>
    public required string Name { get; init; }

    /// <summary>The base address (absolute http or https, no query); relative request URIs resolve against it.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The authentication. Default <see cref="ServiceAuthKind.None"/>.</summary>
    public ServiceAuthKind Auth { get; init; }

    /// <summary>The request header that carries the key, for <see cref="ServiceAuthKind.ApiKey"/> (for example <c>X-Api-Key</c>).</summary>
    public string? ApiKeyHeader { get; init; }

    /// <summary>The token endpoint, for <see cref="ServiceAuthKind.OAuth2ClientCredentials"/>.</summary>
    public Uri? TokenUrl { get; init; }

    /// <summary>The scope to ask the token endpoint for, if any (OAuth2 only).</summary>
    public string? Scope { get; init; }

    /// <summary>The default timeout of a request; null for HttpClient's (100 s).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Whether request and response bodies are recorded on task timelines (truncated, secrets redacted). Default false.</summary>
    public bool RecordBodies { get; init; }
}

/// <summary>
/// A credential to create or change. <see cref="AppId"/> null is the service's default credential. A
/// <see cref="Secret"/> left null keeps the stored secret.
/// </summary>
public sealed record ExternalServiceCredential
{
    /// <summary>The application (process variable <c>bptlAppId</c>) it is for; null for the service's default.</summary>
    public string? AppId { get; init; }

    /// <summary>The user, for <see cref="ServiceAuthKind.Basic"/>.</summary>
    public string? UserName { get; init; }

    /// <summary>The client id, for <see cref="ServiceAuthKind.OAuth2ClientCredentials"/>.</summary>
    public string? ClientId { get; init; }

    /// <summary>The password, API key, bearer token or client secret; null keeps the stored one.</summary>
    public string? Secret { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"credential for {AppId ?? "(default)"} (secret hidden)";
}

/// <summary>A service as the store shows it: secrets masked.</summary>
/// <param name="Definition">The service.</param>
/// <param name="Credentials">Its credentials, the default (null app id) first.</param>
/// <param name="Revision">Raised by every change of the service.</param>
/// <param name="UpdatedAt">When the service last changed.</param>
public sealed record ExternalServiceView(ExternalServiceDefinition Definition, IReadOnlyList<CredentialView> Credentials, long Revision,
    DateTimeOffset UpdatedAt);

/// <summary>A credential as the store shows it.</summary>
/// <param name="AppId">The application it is for; null for the default.</param>
/// <param name="UserName">The basic user.</param>
/// <param name="ClientId">The OAuth2 client id.</param>
/// <param name="Secret">The secret, masked: null when none is set, <c>••••1234</c> for a long key or token, <c>set</c> for a password or a short secret, <c>unreadable</c> when the key ring cannot decrypt it.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record CredentialView(string? AppId, string? UserName, string? ClientId, string? Secret, DateTimeOffset UpdatedAt);
