namespace Bptl.Sandbox.Faults;

/// <summary>
/// How many calls each endpoint has received (after authentication, faults included). Tests can
/// wait on a count instead of sleeping.
/// </summary>
public sealed class SandboxCallCounters
{
    private readonly long[] _counts = new long[Enum.GetValues<SandboxEndpoint>().Length];
    private readonly Lock _gate = new();
    private readonly List<(SandboxEndpoint Endpoint, long Count, TaskCompletionSource Waiter)> _waiters = [];
    private volatile bool _hasWaiters;

    internal SandboxCallCounters()
    {
    }

    /// <summary>The number of calls of one endpoint so far.</summary>
    public long this[SandboxEndpoint endpoint] => Interlocked.Read(ref _counts[(int)endpoint]);

    /// <summary>Every endpoint with at least one call.</summary>
    public IReadOnlyDictionary<SandboxEndpoint, long> Snapshot()
    {
        var result = new Dictionary<SandboxEndpoint, long>();
        foreach (var endpoint in Enum.GetValues<SandboxEndpoint>())
        {
            if (this[endpoint] is var count and > 0)
            {
                result[endpoint] = count;
            }
        }

        return result;
    }

    /// <summary>Sets every counter back to zero.</summary>
    public void Reset()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            Interlocked.Exchange(ref _counts[i], 0);
        }
    }

    /// <summary>Completes once the endpoint has received at least <paramref name="count"/> calls.</summary>
    public Task WaitForAsync(SandboxEndpoint endpoint, long count, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (this[endpoint] >= count)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((endpoint, count, waiter));
            _hasWaiters = true;
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    internal void Increment(SandboxEndpoint endpoint)
    {
        var count = Interlocked.Increment(ref _counts[(int)endpoint]);
        if (!_hasWaiters)
        {
            return;
        }

        lock (_gate)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (target, wanted, waiter) = _waiters[i];
                if (target == endpoint && count >= wanted)
                {
                    waiter.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }

            _hasWaiters = _waiters.Count > 0;
        }
    }
}
