namespace Bptl.Storage.Services;

/// <summary>A <c>bptl_service</c> row: an external service as stored (its auth kind in the database's spelling).</summary>
public sealed class ServiceRow
{
    public string Name { get; init; } = "";
    public string BaseUrl { get; init; } = "";
    public string AuthKind { get; init; } = "none";
    public string? ApiKeyHeader { get; init; }
    public string? TokenUrl { get; init; }
    public string? Scope { get; init; }
    public int? TimeoutMs { get; init; }
    public bool RecordBodies { get; init; }
    public long Revision { get; init; }
    public DateTime UpdatedAt { get; init; }
}

/// <summary>
/// A <c>bptl_service_credential</c> row. <see cref="AppId"/> is empty for the service's default credential;
/// <see cref="Secret"/> is ciphertext (the caller protects and unprotects it), or null when none is set.
/// </summary>
public sealed class CredentialRow
{
    public string Service { get; init; } = "";
    public string AppId { get; init; } = "";
    public string? UserName { get; init; }
    public string? ClientId { get; init; }
    public string? Secret { get; init; }
    public long Revision { get; init; }
    public DateTime UpdatedAt { get; init; }
}

/// <summary>A service and its credentials as configuration seeds them.</summary>
public sealed record ServiceSeedRows(ServiceRow Service, IReadOnlyList<CredentialRow> Credentials);
