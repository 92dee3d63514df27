using System.Collections.Concurrent;
using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Persistence;
using Bptl.Grains.Tasks;
using Microsoft.Extensions.Logging;

namespace Bptl.Silo.Claims;

/// <summary>
/// Runs this silo's task grain activations, each on a slot reserved before it starts, and frees the slot when it
/// ends. At shutdown it waits for them up to the timeout, then cancels the rest, which hand their tasks back.
/// </summary>
internal sealed partial class ActivationScheduler(TaskGrainServices grains, SlotPool slots, OutcomeReporter reporter, TimeProvider time,
    ILogger<ActivationScheduler> logger) : IActivationScheduler, IDisposable
{
    private readonly ConcurrentDictionary<(long Id, long Activation), Task> _running = new();
    private readonly AsyncPulse _finished = new();
    private CancellationTokenSource _stop = new();

    public int Running => _running.Count;

    /// <summary>True while this silo runs that activation.</summary>
    public bool IsRunning(long id, long activation) => _running.ContainsKey((id, activation));

    /// <summary>Activations started since the silo started.</summary>
    public long Started => Interlocked.Read(ref _started);

    private long _started;

    public void Start(TaskRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var topic = new TopicKey(record.Key.Engine, record.Topic);
        var grain = grains.Create(record);
        var token = Volatile.Read(ref _stop).Token;
        Interlocked.Increment(ref _started);
        var key = (record.Id, record.Activation);
        var run = Task.Run(() => grain.RunAsync(token), CancellationToken.None);
        _running[key] = run;
        _ = run.ContinueWith(t =>
        {
            _running.TryRemove(key, out _);
            slots.Release(topic, 1);
            if (t.Exception is { } ex)
            {
                // The row stays with this silo until its lease runs out; then the maintenance rescues it.
                LogActivationFailed(logger, ex.GetBaseException(), record.Key);
            }

            _finished.Pulse();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public void Report(TaskRecord record) => reporter.Enqueue(record);

    /// <summary>Waits up to <paramref name="timeout"/> for running activations, then cancels the rest and waits for them to hand back.</summary>
    public async Task DrainAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (!_running.IsEmpty && time.GetUtcNow() < deadline)
        {
            LogDraining(logger, _running.Count);
            await _finished.WaitAsync(Min(deadline - time.GetUtcNow(), TimeSpan.FromSeconds(1)), time, cancellationToken).ConfigureAwait(false);
        }

        if (_running.IsEmpty)
        {
            return;
        }

        LogCancelling(logger, _running.Count);
        await CancelAllAsync().ConfigureAwait(false);
    }

    /// <summary>Cancels every running activation (a rejoin: they are fenced out anyway) and waits briefly for them.</summary>
    public async Task CancelAllAsync()
    {
        var old = Interlocked.Exchange(ref _stop, new CancellationTokenSource());
        await old.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_running.Values).WaitAsync(TimeSpan.FromSeconds(15), time).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            LogStuck(logger, _running.Count);
        }
        catch (Exception)
        {
            // Failures were logged by each activation's continuation.
        }

        old.Dispose();
    }

    public void Dispose() => _stop.Dispose();

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "An activation of task {Task} failed; the maintenance rescues it when its lease runs out")]
    private static partial void LogActivationFailed(ILogger logger, Exception exception, TaskGrainKey task);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Waiting for {Count} running work units to finish")]
    private static partial void LogDraining(ILogger logger, int count);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Shutdown timeout: cancelling {Count} running work units; their tasks are handed back to the engine")]
    private static partial void LogCancelling(ILogger logger, int count);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "{Count} activations did not stop after cancellation")]
    private static partial void LogStuck(ILogger logger, int count);
}
