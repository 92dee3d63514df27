using Bptl.Testing;
using Npgsql;

namespace Bptl.Testing.Tests;

/// <summary>The PostgreSQL features the runtime relies on, on a class database from the shared cluster.</summary>
public sealed class PostgresFeatureTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClassFixture_GivesTheClassItsOwnDatabase()
    {
        await using var connection = await db.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand("select current_database()", connection);

        var name = (string?)await command.ExecuteScalarAsync(Ct);

        name.ShouldBe(db.Database.Name);
        name.ShouldStartWith("t_postgresfeaturetests_");
    }

    [Fact]
    public async Task SkipLocked_SecondClaimer_GetsOnlyRowsTheFirstDidNotLock()
    {
        await ExecuteAsync("create table skip_jobs (id int primary key); insert into skip_jobs select generate_series(1, 4)");
        const string claim = "select id from skip_jobs order by id for update skip locked limit 2";

        await using var first = await db.OpenConnectionAsync(Ct);
        await using var firstTx = await first.BeginTransactionAsync(Ct);
        var firstClaim = await ReadIdsAsync(first, claim);

        await using var second = await db.OpenConnectionAsync(Ct);
        await using var secondTx = await second.BeginTransactionAsync(Ct);
        var secondClaim = await ReadIdsAsync(second, claim);

        firstClaim.ShouldBe([1, 2]);
        secondClaim.ShouldBe([3, 4]);
    }

    [Fact]
    public async Task AdvisoryLock_HeldByOneSession_IsRefusedToAnotherUntilReleased()
    {
        const long key = 4242;
        await using var holder = await db.OpenConnectionAsync(Ct);
        await using var contender = await db.OpenConnectionAsync(Ct);

        (await TryLockAsync(holder, key)).ShouldBeTrue();
        (await TryLockAsync(contender, key)).ShouldBeFalse();

        await using (var unlock = new NpgsqlCommand($"select pg_advisory_unlock({key})", holder))
        {
            ((bool?)await unlock.ExecuteScalarAsync(Ct)).ShouldBe(true);
        }

        (await TryLockAsync(contender, key)).ShouldBeTrue();
    }

    [Fact]
    public async Task ListenNotify_Notification_ReachesTheListener()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await using var listener = await db.OpenConnectionAsync(timeout.Token);
        var received = new TaskCompletionSource<NpgsqlNotificationEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, e) => received.TrySetResult(e);
        await using (var listen = new NpgsqlCommand("listen work_ready", listener))
        {
            await listen.ExecuteNonQueryAsync(timeout.Token);
        }

        await using (var notifier = await db.OpenConnectionAsync(timeout.Token))
        await using (var notify = new NpgsqlCommand("select pg_notify('work_ready', 'job-7')", notifier))
        {
            await notify.ExecuteNonQueryAsync(timeout.Token);
        }

        // WaitAsync returns once the server's notification has been read and the event raised.
        while (!received.Task.IsCompleted)
        {
            await listener.WaitAsync(timeout.Token);
        }

        var notification = await received.Task;
        notification.Channel.ShouldBe("work_ready");
        notification.Payload.ShouldBe("job-7");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<List<int>> ReadIdsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var ids = new List<int>();
        while (await reader.ReadAsync(Ct))
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, long key)
    {
        await using var command = new NpgsqlCommand($"select pg_try_advisory_lock({key})", connection);
        return (bool?)await command.ExecuteScalarAsync(Ct) ?? false;
    }
}
