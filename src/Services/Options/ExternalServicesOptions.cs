namespace Bptl.Services.Options;

/// <summary>How external services run: the <c>Bptl:ExternalServices</c> configuration section.</summary>
public sealed class ExternalServicesOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Bptl:ExternalServices";

    /// <summary>
    /// The Data Protection application name that isolates Bptl's secrets; every silo and admin sharing the database
    /// must use the same one. Default <c>Bptl</c>.
    /// </summary>
    public string ApplicationName { get; set; } = "Bptl";

    /// <summary>
    /// A PKCS#12 (.pfx) file whose certificate encrypts the Data Protection keys before they are stored; every silo
    /// and admin needs the same file. Null (the default) stores the keys as Data Protection writes them without an
    /// encryptor: readable by whoever can read the database table.
    /// </summary>
    public string? KeyCertificatePath { get; set; }

    /// <summary>The password of <see cref="KeyCertificatePath"/>, if it has one. Default null.</summary>
    public string? KeyCertificatePassword { get; set; }

    /// <summary>How often services are re-read besides change notifications. Default 30 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most characters of a request or response body recorded on a timeline. Default 4096.</summary>
    public int MaxRecordedBodyLength { get; set; } = 4096;

    /// <summary>How long start-up waits for the database. Default 60 s.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    public override string ToString() => $"{ApplicationName} (secrets hidden)";
}

/// <summary>
/// External services seeded into the database at start: the <c>Bptl:Services</c> section, keyed by service name.
/// Seeds create what is missing and never change what exists, so admins' run-time changes stay.
/// </summary>
public sealed class ExternalServiceSeedOptions
{
    /// <summary>The section this binds (its <c>Services</c> key).</summary>
    public const string Section = "Bptl";

    /// <summary>The services, by name. Default none.</summary>
    public Dictionary<string, ExternalServiceSeed> Services { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A service as configuration seeds it, with its default credential inline and per-application ones under <see cref="Apps"/>.</summary>
public sealed class ExternalServiceSeed
{
    /// <summary>The base address. Required.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The authentication. Default <c>None</c>.</summary>
    public Model.ServiceAuthKind Auth { get; set; }

    /// <summary>ApiKey: the header. Default null.</summary>
    public string? ApiKeyHeader { get; set; }

    /// <summary>OAuth2: the token endpoint. Default null.</summary>
    public string? TokenUrl { get; set; }

    /// <summary>OAuth2: the scope. Default null.</summary>
    public string? Scope { get; set; }

    /// <summary>The default request timeout; null for HttpClient's 100 s. Default null.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Whether bodies are recorded on task timelines. Default false.</summary>
    public bool RecordBodies { get; set; }

    /// <summary>The default credential's user (Basic). Default null.</summary>
    public string? UserName { get; set; }

    /// <summary>The default credential's client id (OAuth2). Default null.</summary>
    public string? ClientId { get; set; }

    /// <summary>The default credential's secret; with no user, client id or secret there is no default credential. Default null.</summary>
    public string? Secret { get; set; }

    /// <summary>Credentials per application (process variable <c>bptlAppId</c>). Default none.</summary>
    public Dictionary<string, ExternalServiceCredentialSeed> Apps { get; set; } = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public override string ToString() => $"{BaseUrl} ({Auth}, secrets hidden)";
}

/// <summary>An application's credential as configuration seeds it.</summary>
public sealed class ExternalServiceCredentialSeed
{
    /// <summary>The user (Basic). Default null.</summary>
    public string? UserName { get; set; }

    /// <summary>The client id (OAuth2). Default null.</summary>
    public string? ClientId { get; set; }

    /// <summary>The secret. Required for every kind but None.</summary>
    public string? Secret { get; set; }

    /// <inheritdoc />
    public override string ToString() => "credential (secret hidden)";
}
