using Bptl.Storage.Schema;
using Dapper;
using Npgsql;

namespace Bptl.Storage.Services;

/// <summary>
/// The Data Protection key ring's XML elements (<c>bptl_data_protection_key</c>), shared by every silo and the admin.
/// Data Protection's repository contract is synchronous, so reads and writes here are too.
/// </summary>
public sealed class KeyRingStore(NpgsqlDataSource db)
{
    /// <summary>The advisory lock key that serialises the first use of the key ring: "BPTL" and 3.</summary>
    public const long AdvisoryLock = 0x4250_544C_0000_0003;

    /// <summary>Every stored element's XML, oldest first.</summary>
    public IReadOnlyList<string> All()
    {
        using var connection = db.OpenConnection();
        return [.. connection.Query<string>(SqlScripts.Get("key_ring_all"))];
    }

    /// <summary>Stores an element; one with the same friendly name already stored is kept.</summary>
    public void Store(string friendlyName, string xml)
    {
        using var connection = db.OpenConnection();
        connection.Execute(SqlScripts.Get("key_ring_store"), new { friendlyName, xml });
    }

    /// <summary>
    /// Holds the key ring's cluster-wide lock until disposed, so that silos starting together on an empty key ring
    /// do not each create a first key of their own.
    /// </summary>
    public async Task<IAsyncDisposable> LockAsync(CancellationToken cancellationToken)
    {
        var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(SqlScripts.Get("key_ring_lock"), new { key = AdvisoryLock }, transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new Held(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Ending the transaction releases the transaction-scoped advisory lock.
            await transaction.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
