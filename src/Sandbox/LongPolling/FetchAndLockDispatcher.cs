using Bptl.Sandbox.Contracts;
using Bptl.Sandbox.Engine;
using Microsoft.Extensions.Logging;

namespace Bptl.Sandbox.LongPolling;

/// <summary>
/// Long polling for fetchAndLock, after Camunda's FetchAndLockHandlerImpl: the first attempt runs at
/// once and answers if it locked anything (or no timeout was asked for); otherwise the request waits
/// in a bounded queue. One loop re-runs every waiting request in arrival order when tasks are
/// created or unlocked, at the nearest request deadline and (unlike Camunda's 30 s re-check) at the
/// nearest lock or retry-timeout expiry, so freed tasks are found promptly. Deadline → 200 [].
/// </summary>
internal sealed partial class FetchAndLockDispatcher : ITaskAvailabilityListener, IAsyncDisposable
{
    public const long MaxTimeoutMillis = 1_800_000;

    private readonly EngineContext _context;
    private readonly ExternalTaskService _tasks;
    private readonly Func<bool> _isPaused;
    private readonly int _capacity;
    private readonly ILogger _logger;
    private readonly LinkedList<PendingFetch> _pending = new();
    private readonly List<(Func<int, bool> Condition, TaskCompletionSource Waiter)> _countWaiters = [];
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _timer;
    private readonly Task _loop;
    private int _signalled;
    private int _pendingCount;
    private bool _shuttingDown;
    private int _disposed;

    public FetchAndLockDispatcher(EngineContext context, ExternalTaskService tasks, int capacity, Func<bool> isPaused)
    {
        _isPaused = isPaused;
        _context = context;
        _tasks = tasks;
        _capacity = capacity;
        _logger = context.LoggerFactory.CreateLogger<FetchAndLockDispatcher>();
        _timer = context.Time.CreateTimer(static s => ((FetchAndLockDispatcher)s!).Signal(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        context.AvailabilityListener = this;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public int PendingCount => Volatile.Read(ref _pendingCount);

    public async ValueTask<FetchOutcome> FetchAsync(FetchCommand command, long? asyncResponseTimeout, CancellationToken requestAborted)
    {
        PendingFetch pending;
        lock (_context.State.Gate)
        {
            var tasks = _tasks.FetchAndLockLocked(command);
            if (tasks.Count > 0 || asyncResponseTimeout is not { } timeout || timeout <= 0)
            {
                return FetchOutcome.Of(tasks);
            }

            if (_shuttingDown)
            {
                return FetchOutcome.Failed(ShutdownError());
            }

            if (_pending.Count >= _capacity)
            {
                throw Errors.InvalidRequest(500, "At the moment the server has to handle too many requests at the same time. Please try again later.");
            }

            pending = new PendingFetch(command, _context.Now().AddMilliseconds(timeout));
            pending.Node = _pending.AddLast(pending);
            PendingChanged();
        }

        // A client that disconnects leaves the queue; its request is never served.
        using var registration = requestAborted.Register(static s =>
        {
            var (dispatcher, request) = ((FetchAndLockDispatcher, PendingFetch))s!;
            dispatcher.Remove(request);
        }, (this, pending));
        // A pause that began while this request was being queued drops it like the others.
        if (_isPaused())
        {
            Remove(pending);
            return FetchOutcome.Abort;
        }

        Signal();
        return await pending.Outcome.ConfigureAwait(false);
    }

    public void OnTasksAvailable()
    {
        if (Volatile.Read(ref _pendingCount) > 0)
        {
            Signal();
        }
    }

    /// <summary>Completes once the number of waiting requests satisfies the condition (a test signal).</summary>
    public Task WaitForPendingAsync(Func<int, bool> condition, CancellationToken cancellationToken)
    {
        lock (_context.State.Gate)
        {
            if (condition(_pending.Count))
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _countWaiters.Add((condition, waiter));
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Application shutdown: every waiting request gets Camunda's 500 at once.</summary>
    public void RejectAll()
    {
        List<PendingFetch> rejected;
        lock (_context.State.Gate)
        {
            _shuttingDown = true;
            rejected = DrainLocked();
        }

        foreach (var request in rejected)
        {
            request.Complete(FetchOutcome.Failed(ShutdownError()));
        }

        if (rejected.Count > 0)
        {
            LogRejectedAtShutdown(_logger, rejected.Count);
        }
    }

    /// <summary>Outage: every waiting request loses its connection.</summary>
    public void AbortAll()
    {
        List<PendingFetch> aborted;
        lock (_context.State.Gate)
        {
            aborted = DrainLocked();
        }

        foreach (var request in aborted)
        {
            request.Complete(FetchOutcome.Abort);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        RejectAll();
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        await _timer.DisposeAsync();
        _signal.Dispose();
        _stop.Dispose();
    }

    private static EngineError ShutdownError() => Errors.Rest(500, "Request rejected due to shutdown of application server.");

    private void Signal()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _signal.Release();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _signalled, 0);
            try
            {
                ServePending();
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogServeFailed(_logger, e);
            }
        }
    }

    private void ServePending()
    {
        DateTimeOffset? wakeAt = null;
        lock (_context.State.Gate)
        {
            var now = _context.Now();
            var node = _pending.First;
            while (node is not null)
            {
                var next = node.Next;
                var request = node.Value;
                if (TryServe(request, now))
                {
                    _pending.Remove(node);
                    request.Node = null;
                }
                else if (wakeAt is null || request.Deadline < wakeAt)
                {
                    wakeAt = request.Deadline;
                }

                node = next;
            }

            PendingChanged();
            if (_pending.Count > 0 && _tasks.NextExpiryLocked() is { } expiry && (wakeAt is null || expiry < wakeAt))
            {
                wakeAt = expiry;
            }
        }

        if (wakeAt is not { } at)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = at - _context.Now();
        if (due > TimeSpan.Zero)
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }

        // The clock may have passed the wake-up time while the timer was being set.
        if (due <= TimeSpan.Zero || _context.Now() >= at)
        {
            Signal();
        }
    }

    /// <summary>One deferred attempt; true when the request is answered. Caller holds the engine lock.</summary>
    private bool TryServe(PendingFetch request, DateTimeOffset now)
    {
        if (request.IsDone)
        {
            return true;
        }

        List<LockedExternalTaskDto> tasks;
        try
        {
            tasks = _tasks.FetchAndLockLocked(request.Command);
        }
        catch (EngineError e)
        {
            request.Complete(FetchOutcome.Failed(e));
            return true;
        }

        if (tasks.Count == 0 && request.Deadline > now)
        {
            return false;
        }

        request.Complete(FetchOutcome.Of(tasks));
        return true;
    }

    private void Remove(PendingFetch request)
    {
        lock (_context.State.Gate)
        {
            if (request.Node is { } node)
            {
                _pending.Remove(node);
                request.Node = null;
                PendingChanged();
            }

            request.Cancel();
        }
    }

    private List<PendingFetch> DrainLocked()
    {
        var drained = new List<PendingFetch>(_pending);
        foreach (var request in drained)
        {
            request.Node = null;
        }

        _pending.Clear();
        PendingChanged();
        return drained;
    }

    /// <summary>Updates the published count and releases satisfied waiters. Caller holds the engine lock.</summary>
    private void PendingChanged()
    {
        Volatile.Write(ref _pendingCount, _pending.Count);
        for (var i = _countWaiters.Count - 1; i >= 0; i--)
        {
            if (_countWaiters[i].Condition(_pending.Count))
            {
                _countWaiters[i].Waiter.TrySetResult();
                _countWaiters.RemoveAt(i);
            }
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Rejected {Count} pending fetchAndLock requests at shutdown")]
    private static partial void LogRejectedAtShutdown(ILogger logger, int count);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Serving pending fetchAndLock requests failed")]
    private static partial void LogServeFailed(ILogger logger, Exception exception);
}
