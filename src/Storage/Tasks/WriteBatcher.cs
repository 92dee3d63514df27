using System.Threading.Channels;

namespace Bptl.Storage.Tasks;

/// <summary>
/// Group commit for hot writes: callers write one item and await its own result, while a single loop writes
/// everything that queued meanwhile in one statement. Under light load a batch is one item and waits for nothing;
/// under heavy load batches grow by themselves, and the statements per task fall.
/// </summary>
internal sealed class WriteBatcher<TItem> : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<HashSet<(long Id, long Activation)>>> _write;
    private readonly Func<TItem, (long Id, long Activation)> _id;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="write">Writes a batch; returns the (row, activation) pairs whose write took effect (the others were fenced out).</param>
    /// <param name="id">The (row, activation) of an item: one batch may hold a stale and a current activation of one row.</param>
    public WriteBatcher(Func<IReadOnlyList<TItem>, CancellationToken, Task<HashSet<(long Id, long Activation)>>> write, Func<TItem, (long Id, long Activation)> id)
    {
        _write = write;
        _id = id;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Writes <paramref name="item"/> with the next batch; true when its write took effect.</summary>
    public Task<bool> WriteAsync(TItem item, CancellationToken cancellationToken)
    {
        var pending = new Pending(item, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var items = new List<TItem>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            batch.Clear();
            items.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                items.Add(pending.Item);
            }

            try
            {
                var written = await _write(items, _stop.Token).ConfigureAwait(false);
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult(written.Contains(_id(pending.Item)));
                }
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(ex);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_queue.Writer.TryComplete())
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private sealed record Pending(TItem Item, TaskCompletionSource<bool> Done);
}
