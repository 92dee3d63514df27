using System.Globalization;
using Bptl.Testing;

namespace Bptl.Services.Tests.Support;

/// <summary>One test's world: a fresh database, a loopback peer, the seeded services, and hosts started on demand.</summary>
public sealed class World : IAsyncDisposable
{
    private readonly List<ServicesHost> _hosts = [];

    private World(TestDatabase database, LoopbackPeer peer)
    {
        Database = database;
        Peer = peer;
    }

    public TestDatabase Database { get; }

    public LoopbackPeer Peer { get; }

    public Dictionary<string, string?> Configuration { get; } = new();

    public static async Task<World> CreateAsync(PostgresFixture postgres)
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync(ct);
        try
        {
            return new World(database, await LoopbackPeer.StartAsync(ct));
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Seeds a service on the peer: <paramref name="settings"/> are keys under <c>Bptl:Services:name</c>.</summary>
    public World Service(string name, string path, params (string Key, string Value)[] settings)
    {
        Configuration[$"Bptl:Services:{name}:BaseUrl"] = Peer.Url(path).ToString();
        foreach (var (key, value) in settings)
        {
            Configuration[$"Bptl:Services:{name}:{key}"] = value;
        }

        return this;
    }

    /// <summary>An OAuth2 service on the peer's token endpoint with its client.</summary>
    public World OAuth2Service(string name, params (string Key, string Value)[] settings) =>
        Service(name, "oauth/", [("Auth", "OAuth2ClientCredentials"), ("TokenUrl", Peer.Url("token").ToString()),
            ("ClientId", LoopbackPeer.ClientId), ("Secret", LoopbackPeer.ClientSecret), .. settings]);

    public async Task<ServicesHost> StartHostAsync(TimeProvider? time = null, params (string Key, string Value)[] settings)
    {
        var configuration = new Dictionary<string, string?>(Configuration);
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        var host = await ServicesHost.StartAsync(Database.ConnectionString, configuration, time,
            "host" + _hosts.Count.ToString(CultureInfo.InvariantCulture));
        _hosts.Add(host);
        return host;
    }

    /// <summary>Runs a scalar query against the world's database.</summary>
    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = await Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return value is DBNull or null ? default : (T)value;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await Peer.DisposeAsync();
        await Database.DisposeAsync();
    }
}
