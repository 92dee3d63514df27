using Bptl.Services.Model;
using Bptl.Services.Options;
using Bptl.Services.Secrets;
using Bptl.Storage.Services;

namespace Bptl.Services.Store;

/// <summary>
/// External services and their credentials, for the admin and for configuration seeds. Secrets are encrypted
/// before they reach the database and are never given back in clear: views show them masked. Every change is
/// announced to the silos, which reload their services at once.
/// </summary>
public sealed class ExternalServiceStore(ServiceRowStore rows, SecretProtector secrets)
{
    /// <summary>Every service, by name, with its credentials masked.</summary>
    public async Task<IReadOnlyList<ExternalServiceView>> ListAsync(CancellationToken cancellationToken)
    {
        await secrets.EnsureKeyRingAsync(cancellationToken).ConfigureAwait(false);
        var (services, credentials) = await rows.AllAsync(cancellationToken).ConfigureAwait(false);
        var byService = credentials.ToLookup(c => c.Service, StringComparer.Ordinal);
        return [.. services.Select(s => View(s, byService[s.Name]))];
    }

    /// <summary>One service with its credentials masked, or null.</summary>
    public async Task<ExternalServiceView?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await secrets.EnsureKeyRingAsync(cancellationToken).ConfigureAwait(false);
        var found = await rows.GetAsync(name, cancellationToken).ConfigureAwait(false);
        return found is { } f ? View(f.Service, f.Credentials) : null;
    }

    /// <summary>Creates a service; false when one with its name exists.</summary>
    /// <exception cref="ExternalServiceValidationException">It is not valid.</exception>
    public async Task<bool> CreateAsync(ExternalServiceDefinition service, CancellationToken cancellationToken)
    {
        Validate(service);
        return await rows.InsertAsync(ServiceRowMapping.ToRow(service), cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Changes a service (its credentials stay); false when it does not exist.</summary>
    /// <exception cref="ExternalServiceValidationException">It is not valid.</exception>
    public async Task<bool> UpdateAsync(ExternalServiceDefinition service, CancellationToken cancellationToken)
    {
        Validate(service);
        return await rows.UpdateAsync(ServiceRowMapping.ToRow(service), cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Removes a service and its credentials; false when it did not exist.</summary>
    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return rows.DeleteAsync(name, cancellationToken);
    }

    /// <summary>
    /// Creates or changes the credential of <paramref name="service"/> for <see cref="ExternalServiceCredential.AppId"/>
    /// (null: the default); a null secret keeps the stored one. False when the service does not exist.
    /// </summary>
    /// <exception cref="ExternalServiceValidationException">It does not fit the service's authentication.</exception>
    public async Task<bool> SetCredentialAsync(string service, ExternalServiceCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(credential);
        await secrets.EnsureKeyRingAsync(cancellationToken).ConfigureAwait(false);
        var found = await rows.GetAsync(service, cancellationToken).ConfigureAwait(false);
        if (found is not { } current)
        {
            return false;
        }

        var auth = ServiceAuthKinds.FromStored(current.Service.AuthKind);
        var appId = ServiceRowMapping.StoredAppId(credential.AppId);
        var stored = current.Credentials.FirstOrDefault(c => c.AppId == appId);
        var failures = ExternalServiceRules.Check(auth, credential, hasStoredSecret: stored?.Secret is not null, $"Service '{service}': ");
        if (failures.Count > 0)
        {
            throw new ExternalServiceValidationException(failures);
        }

        return await rows.UpsertCredentialAsync(ToRow(service, credential), cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Removes a credential (<paramref name="appId"/> null: the default); false when it did not exist.</summary>
    public Task<bool> DeleteCredentialAsync(string service, string? appId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        return rows.DeleteCredentialAsync(service, ServiceRowMapping.StoredAppId(appId), cancellationToken);
    }

    /// <summary>
    /// Adds the configured services and credentials that do not exist yet; what exists keeps what admins set.
    /// Returns how many services were created.
    /// </summary>
    /// <exception cref="ExternalServiceValidationException">A seed is not valid (the options validator reports the same at start).</exception>
    public async Task<int> SeedAsync(ExternalServiceSeedOptions seeds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var failures = new ExternalServiceSeedOptionsValidator().Validate(null, seeds).Failures?.ToList() ?? [];
        if (failures.Count > 0)
        {
            throw new ExternalServiceValidationException(failures);
        }

        if (seeds.Services.Count == 0)
        {
            return 0;
        }

        await secrets.EnsureKeyRingAsync(cancellationToken).ConfigureAwait(false);
        var rowsToSeed = new List<ServiceSeedRows>();
        foreach (var (name, seed) in seeds.Services.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            ExternalServiceSeeds.TryDefinition(name, seed, out var definition, out _);
            rowsToSeed.Add(new ServiceSeedRows(ServiceRowMapping.ToRow(definition!),
                [.. ExternalServiceSeeds.Credentials(seed).Select(c => ToRow(name, c.Credential))]));
        }

        return await rows.SeedAsync(rowsToSeed, cancellationToken).ConfigureAwait(false);
    }

    private static void Validate(ExternalServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var failures = ExternalServiceRules.Check(service, $"Service '{service.Name}': ");
        if (failures.Count > 0)
        {
            throw new ExternalServiceValidationException(failures);
        }
    }

    private CredentialRow ToRow(string service, ExternalServiceCredential credential) => new()
    {
        Service = service,
        AppId = ServiceRowMapping.StoredAppId(credential.AppId),
        UserName = credential.UserName,
        ClientId = credential.ClientId,
        Secret = credential.Secret is null ? null : secrets.Protect(credential.Secret),
    };

    private ExternalServiceView View(ServiceRow service, IEnumerable<CredentialRow> credentials)
    {
        var definition = ServiceRowMapping.ToDefinition(service);
        return new ExternalServiceView(definition, [.. credentials.OrderBy(c => c.AppId, StringComparer.Ordinal).Select(c => new CredentialView(
            ServiceRowMapping.AppId(c.AppId), c.UserName, c.ClientId, Mask(definition, c), ServiceRowMapping.Utc(c.UpdatedAt)))],
            service.Revision, ServiceRowMapping.Utc(service.UpdatedAt));
    }

    private string? Mask(ExternalServiceDefinition service, CredentialRow credential)
    {
        if (credential.Secret is null)
        {
            return null;
        }

        return secrets.TryUnprotect(credential.Secret, Describe(service.Name, credential.AppId), out var clear)
            ? SecretMask.Mask(service.Auth, clear)
            : SecretMask.Unreadable;
    }

    internal static string Describe(string service, string storedAppId) =>
        storedAppId.Length == 0 ? $"service '{service}' (default credential)" : $"service '{service}' (application '{storedAppId}')";
}
