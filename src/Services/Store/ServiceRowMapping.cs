using Bptl.Services.Model;
using Bptl.Storage.Services;

namespace Bptl.Services.Store;

/// <summary>Definitions to rows and back. A credential's app id is empty in the database for the default.</summary>
internal static class ServiceRowMapping
{
    public static ServiceRow ToRow(ExternalServiceDefinition service) => new()
    {
        Name = service.Name,
        BaseUrl = service.BaseUrl.AbsoluteUri,
        AuthKind = ServiceAuthKinds.ToStored(service.Auth),
        ApiKeyHeader = service.ApiKeyHeader,
        TokenUrl = service.TokenUrl?.AbsoluteUri,
        Scope = service.Scope,
        TimeoutMs = service.Timeout is { } timeout ? checked((int)Math.Ceiling(timeout.TotalMilliseconds)) : null,
        RecordBodies = service.RecordBodies,
    };

    public static ExternalServiceDefinition ToDefinition(ServiceRow row) => new()
    {
        Name = row.Name,
        BaseUrl = new Uri(row.BaseUrl, UriKind.Absolute),
        Auth = ServiceAuthKinds.FromStored(row.AuthKind),
        ApiKeyHeader = row.ApiKeyHeader,
        TokenUrl = row.TokenUrl is null ? null : new Uri(row.TokenUrl, UriKind.Absolute),
        Scope = row.Scope,
        Timeout = row.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        RecordBodies = row.RecordBodies,
    };

    public static string StoredAppId(string? appId) => appId ?? "";

    public static string? AppId(string storedAppId) => storedAppId.Length == 0 ? null : storedAppId;

    public static DateTimeOffset Utc(DateTime stored) => new(DateTime.SpecifyKind(stored, DateTimeKind.Utc));
}
