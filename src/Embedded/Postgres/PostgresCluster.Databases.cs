using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace Bptl.Embedded;

public sealed partial class PostgresCluster
{
    /// <summary>A superuser connection string to <paramref name="database"/> on this cluster.</summary>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = Port,
        Username = Superuser,
        Database = database,
        IncludeErrorDetail = true,
    }.ConnectionString;

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    /// <param name="name">Lower-case letters, digits and underscores, at most 63 characters.</param>
    /// <param name="ct">Cancels the operation.</param>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct)
    {
        // FILE_COPY copies template1's files instead of WAL-logging every block: much faster with wal_level=minimal.
        await ExecuteAdminAsync($"CREATE DATABASE \"{CheckedName(name)}\" STRATEGY = FILE_COPY", ct);
        return ConnectionStringFor(name);
    }

    /// <summary>Drops a database if it exists, closing any sessions still connected to it.</summary>
    public Task DropDatabaseAsync(string name, CancellationToken ct) =>
        ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{CheckedName(name)}\" WITH (FORCE)", ct);

    private async Task ExecuteAdminAsync(string sql, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        // Unpooled: a pooled admin connection would be broken after a restart.
        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static string CheckedName(string name) =>
        DatabaseName().IsMatch(name)
            ? name
            : throw new ArgumentException(
                $"'{name}' is not a valid test database name: use lower-case letters, digits and underscores, at most 63 characters.",
                nameof(name));

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex DatabaseName();
}
