using System.Threading.Channels;
using Bptl.Grains.Persistence;
using Bptl.Services.Options;
using Bptl.Services.Runtime;
using Bptl.Services.Store;
using Bptl.Storage.Notifications;
using Bptl.Storage.Schema;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bptl.Services.Hosting;

/// <summary>
/// At start: brings the schema up to date (a no-op when the silo already did), seeds the configured services and
/// loads them, so that no work unit runs before its services are known. Then keeps them current: at once on a
/// change notification, and every refresh interval in case a notification was missed.
/// </summary>
internal sealed partial class ExternalServicesRuntime(
    Migrator migrator,
    ExternalServiceStore store,
    ServiceRegistry registry,
    NpgsqlDataSource db,
    IOptions<ExternalServiceSeedOptions> seeds,
    IOptions<ExternalServicesOptions> options,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<ExternalServicesRuntime>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly List<Task> _background = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(settings.StartupTimeout);
        try
        {
            await StorageRetry.RunAsync(migrator.MigrateAsync, time, OnRetry, startup.Token).ConfigureAwait(false);
            var created = await StorageRetry.RunAsync(c => store.SeedAsync(seeds.Value, c), time, OnRetry, startup.Token).ConfigureAwait(false);

            // Listen before the first read, so that no change made in between goes unheard.
            var listener = new NotificationListener(db, time, loggerFactory.CreateLogger<NotificationListener>());
            listener.Notified += (channel, _) =>
            {
                if (channel == Channels.Services)
                {
                    _changed.Writer.TryWrite(true);
                }
            };
            listener.Reconnected += () => _changed.Writer.TryWrite(true);
            _background.Add(listener.RunAsync([Channels.Services], _stop.Token));
            await listener.Listening.WaitAsync(startup.Token).ConfigureAwait(false);
            while (_changed.Reader.TryRead(out _))
            {
            }

            var count = await StorageRetry.RunAsync(registry.RefreshAsync, time, OnRetry, startup.Token).ConfigureAwait(false);
            LogLoaded(_logger, count, created);
        }
        catch (Exception ex)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            if (ex is OperationCanceledException && startup.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException(
                    $"External services could not be loaded from the database within {settings.StartupTimeout} ({ExternalServicesOptions.Section}:StartupTimeout); see the warnings above.");
            }

            throw;
        }

        _background.Add(RefreshLoopAsync(settings.RefreshInterval, _stop.Token));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_background).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _stop.Dispose();

    private async Task RefreshLoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    await Task.WhenAny(_changed.Reader.WaitToReadAsync(wait.Token).AsTask(), Task.Delay(interval, time, wait.Token)).ConfigureAwait(false);
                    await wait.CancelAsync().ConfigureAwait(false);
                }

                while (_changed.Reader.TryRead(out _))
                {
                }

                cancellationToken.ThrowIfCancellationRequested();
                await registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The services loaded last stay in use; the next notification or interval tries again.
                LogRefreshFailed(_logger, ex.Message);
            }
        }
    }

    private void OnRetry(Exception exception, int attempt) => LogWaitingForDatabase(_logger, attempt, exception.Message);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "External services loaded: {Count} ({Created} created from configuration)")]
    private static partial void LogLoaded(ILogger logger, int count, int created);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "External services could not be re-read, the last ones read stay in use: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "External services are waiting for the database (attempt {Attempt}): {Error}")]
    private static partial void LogWaitingForDatabase(ILogger logger, int attempt, string error);
}
