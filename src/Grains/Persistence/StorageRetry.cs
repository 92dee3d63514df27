using System.Data.Common;
using Bptl.Grains.Retries;

namespace Bptl.Grains.Persistence;

/// <summary>
/// Retries a storage call through a database outage (a PostgreSQL restart, a failover), with backoff, until it
/// succeeds or <c>cancellationToken</c> fires. Only connection-level failures are retried; anything else is a bug
/// or a real refusal and surfaces at once.
/// </summary>
public static class StorageRetry
{
    private static readonly ExponentialBackoff Backoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    /// <summary>Runs <paramref name="call"/> until it succeeds; <paramref name="onRetry"/> hears each failure.</summary>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, TimeProvider time, Action<Exception, int>? onRetry,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                onRetry?.Invoke(ex, attempt);
                await Task.Delay(Backoff.Delay(attempt, Random.Shared.NextDouble()), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>True for failures that a later attempt may not see: lost connections, timeouts, a server shutting down.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        DbException db => db.IsTransient || db.InnerException is IOException or System.Net.Sockets.SocketException || IsShutdown(db),
        TimeoutException or IOException or System.Net.Sockets.SocketException => true,
        _ => false,
    };

    // PostgreSQL's admin shutdown and "cannot connect now" codes, without referencing the driver.
    private static bool IsShutdown(DbException exception) =>
        exception.SqlState is "57P01" or "57P02" or "57P03" or "08000" or "08003" or "08006" or "08001" or "08004";
}
