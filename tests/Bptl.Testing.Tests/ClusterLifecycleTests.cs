using Bptl.Embedded;
using System.Net;
using System.Net.Sockets;
using Bptl.Testing;
using Npgsql;

namespace Bptl.Testing.Tests;

/// <summary>Clusters of their own, started, restarted and stopped without disturbing the shared one.</summary>
public sealed class ClusterLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RestartAsync_KeepsDataAndPort()
    {
        await using var cluster = await PostgresCluster.StartAsync(ct: Ct);
        var port = cluster.Port;
        var connectionString = Unpooled(await cluster.CreateDatabaseAsync("restart_me", Ct));
        await ExecuteAsync(connectionString, "create table survivors (name text); insert into survivors values ('kept')");

        await cluster.RestartAsync(Ct);

        cluster.Port.ShouldBe(port);
        cluster.IsRunning.ShouldBeTrue();
        (await ScalarAsync(connectionString, "select name from survivors")).ShouldBe("kept");
    }

    [Fact]
    public async Task StopServerAsync_RefusesConnections_UntilStartServerAsync()
    {
        await using var cluster = await PostgresCluster.StartAsync(ct: Ct);

        await cluster.StopServerAsync(Ct);

        cluster.IsRunning.ShouldBeFalse();
        (await AcceptsTcpAsync(cluster.Port)).ShouldBeFalse();
        Directory.Exists(cluster.DataDirectory).ShouldBeTrue();

        await cluster.StartServerAsync(Ct);

        (await ScalarAsync(Unpooled(cluster.AdminConnectionString), "select 'back'")).ShouldBe("back");
    }

    [Fact]
    public async Task StartServerAsync_WhenThePortIsTaken_ThrowsWithTheServerLog()
    {
        await using var cluster = await PostgresCluster.StartAsync(ct: Ct);
        await cluster.StopServerAsync(Ct);

        using (var squatter = new TcpListener(IPAddress.Loopback, cluster.Port))
        {
            squatter.Start();

            var ex = await Should.ThrowAsync<PostgresClusterException>(() => cluster.StartServerAsync(Ct));

            ex.Message.ShouldContain("could not bind");
            cluster.IsRunning.ShouldBeFalse();
        }

        await cluster.StartServerAsync(Ct);
        cluster.IsRunning.ShouldBeTrue();
    }

    [Fact]
    public async Task DisposeAsync_StopsTheServer_AndDeletesTheFolder()
    {
        var cluster = await PostgresCluster.StartAsync(ct: Ct);
        (await AcceptsTcpAsync(cluster.Port)).ShouldBeTrue();

        await cluster.DisposeAsync();

        cluster.IsRunning.ShouldBeFalse();
        (await AcceptsTcpAsync(cluster.Port)).ShouldBeFalse();
        Directory.Exists(cluster.Directory).ShouldBeFalse();
    }

    [Fact]
    public async Task DisposeAsync_WithKeepDirectory_StopsTheServer_ButKeepsTheFolderFromTheSweep()
    {
        var root = TestRoots.Create();
        try
        {
            var options = new PostgresClusterOptions { RootDirectory = root, KeepDirectory = true };
            var cluster = await PostgresCluster.StartAsync(options, Ct);

            await cluster.DisposeAsync();
            TestRoots.PretendOwnerDied(cluster.Directory);
            var swept = await PostgresCluster.SweepStaleClustersAsync(options, Ct);

            (await AcceptsTcpAsync(cluster.Port)).ShouldBeFalse();
            swept.ShouldBeEmpty();
            File.Exists(Path.Combine(cluster.DataDirectory, "PG_VERSION")).ShouldBeTrue();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    internal static async Task<bool> AcceptsTcpAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, Ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync(Ct);
    }
}
