using System.Text.RegularExpressions;
using Bptl.Grains.Retries;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bptl.Storage.Notifications;

/// <summary>The notification channels of the grain runtime.</summary>
public static class Channels
{
    /// <summary>Payload <c>engine/topic</c>: tasks of that topic became available to claim.</summary>
    public const string TaskAvailable = "bptl_task_available";

    /// <summary>No payload: topic configuration changed.</summary>
    public const string Topics = "bptl_topics";

    /// <summary>A silo joined, stopped or died, or a lease was released: time to rebalance.</summary>
    public const string Cluster = "bptl_cluster";

    /// <summary>No payload: external services or their credentials changed.</summary>
    public const string Services = "bptl_services";
}

/// <summary>
/// Listens to PostgreSQL notifications on a dedicated connection and reconnects, with backoff, when it breaks.
/// Notifications sent while it was disconnected are lost, so subscribers also hear <see cref="Reconnected"/> and
/// rescan what they watch.
/// </summary>
public sealed partial class NotificationListener(NpgsqlDataSource db, TimeProvider time, ILogger<NotificationListener> logger)
{
    private static readonly ExponentialBackoff Backoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A notification arrived: (channel, payload).</summary>
    public event Action<string, string>? Notified;

    /// <summary>The connection came back after a break; notifications may have been missed.</summary>
    public event Action? Reconnected;

    /// <summary>Completes once the first LISTEN is in place.</summary>
    public Task Listening => _listening.Task;

    /// <summary>Listens on <paramref name="channels"/> until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(IReadOnlyList<string> channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channels);
        foreach (var channel in channels)
        {
            if (!ChannelName().IsMatch(channel))
            {
                throw new ArgumentException($"'{channel}' is not a valid channel name.", nameof(channels));
            }
        }

        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += (_, e) => Notified?.Invoke(e.Channel, e.Payload);
                foreach (var channel in channels)
                {
                    // LISTEN takes an identifier, not a parameter; the names are the constants above, checked.
                    await using var command = new NpgsqlCommand("LISTEN " + channel, connection);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                if (failures > 0)
                {
                    LogReconnected(logger, failures);
                    failures = 0;
                    Reconnected?.Invoke();
                }

                _listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                LogBroken(logger, failures, ex.Message);
                try
                {
                    await Task.Delay(Backoff.Delay(failures, Random.Shared.NextDouble()), time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex ChannelName();

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Notification connection broke ({Failures} in a row): {Error}; reconnecting")]
    private static partial void LogBroken(ILogger logger, int failures, string error);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Notification connection back after {Failures} failures")]
    private static partial void LogReconnected(ILogger logger, int failures);
}
