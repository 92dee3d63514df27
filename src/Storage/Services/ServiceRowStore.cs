using Bptl.Storage.Schema;
using Dapper;
using Npgsql;

namespace Bptl.Storage.Services;

/// <summary>
/// External services and their credentials as rows. Secrets pass through as ciphertext: encryption is the caller's
/// (Bptl.Services), so nothing here ever sees a secret in clear.
/// </summary>
public sealed class ServiceRowStore(NpgsqlDataSource db)
{
    /// <summary>Every service and every credential, read in one snapshot.</summary>
    public async Task<(IReadOnlyList<ServiceRow> Services, IReadOnlyList<CredentialRow> Credentials)> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken)
            .ConfigureAwait(false);
        var services = await connection.QueryAsync<ServiceRow>(new CommandDefinition(SqlScripts.Get("services_all"), transaction: transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var credentials = await connection.QueryAsync<CredentialRow>(new CommandDefinition(SqlScripts.Get("service_credentials_all"),
            transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ([.. services], [.. credentials]);
    }

    /// <summary>One service and its credentials, or null.</summary>
    public async Task<(ServiceRow Service, IReadOnlyList<CredentialRow> Credentials)?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var service = await connection.QuerySingleOrDefaultAsync<ServiceRow>(new CommandDefinition(SqlScripts.Get("service_get"), new { name },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (service is null)
        {
            return null;
        }

        var credentials = await connection.QueryAsync<CredentialRow>(new CommandDefinition(SqlScripts.Get("service_credentials_of"),
            new { service = name }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return (service, [.. credentials]);
    }

    /// <summary>Creates a service; returns its revision, or null when the name is taken.</summary>
    public async Task<long?> InsertAsync(ServiceRow service, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(SqlScripts.Get("service_insert"), service,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Changes a service; returns its new revision, or null when it does not exist.</summary>
    public async Task<long?> UpdateAsync(ServiceRow service, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(SqlScripts.Get("service_update"), service,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Removes a service and its credentials; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("service_delete"), new { name },
            cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// Creates or changes a credential; a null <see cref="CredentialRow.Secret"/> keeps the stored secret. Returns
    /// the credential's revision, or null when the service does not exist.
    /// </summary>
    public async Task<long?> UpsertCredentialAsync(CredentialRow credential, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(SqlScripts.Get("service_credential_upsert"), credential,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Removes a credential; false when it did not exist.</summary>
    public async Task<bool> DeleteCredentialAsync(string service, string appId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("service_credential_delete"), new { service, appId },
            cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// Adds the services and credentials that do not exist yet, in one transaction; what exists keeps what admins set.
    /// Returns how many services were created.
    /// </summary>
    public async Task<int> SeedAsync(IEnumerable<ServiceSeedRows> seeds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var created = 0;
        foreach (var seed in seeds)
        {
            var revision = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(SqlScripts.Get("service_insert"), seed.Service,
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            created += revision is null ? 0 : 1;
            foreach (var credential in seed.Credentials)
            {
                await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("service_credential_seed"), credential, transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return created;
    }
}
