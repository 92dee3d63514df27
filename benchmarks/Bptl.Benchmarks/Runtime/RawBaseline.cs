using System.Diagnostics;
using Bptl.Camunda;
using Bptl.Camunda.ExternalTasks;

namespace Bptl.Benchmarks.Runtime;

/// <summary>
/// The baseline: what the engine and the client give without any persistence. One loop, like one topic poller,
/// fetches with the same request a poller sends (priority, createTime order, long poll) for as many tasks as it has
/// free slots (at most maxTasks), and completes each task at once on its slot, so at most <c>concurrency</c>
/// completes are in flight. It uses the same Bptl.Camunda client (and handler chain) as the silos.
/// </summary>
internal static class RawBaseline
{
    /// <summary>Completes <paramref name="expected"/> tasks of <paramref name="topic"/>; returns the time from the first fetch to the last complete.</summary>
    public static async Task<TimeSpan> RunAsync(Uri engine, string topic, int expected, int maxTasks, int concurrency, TimeSpan pollTimeout,
        CancellationToken cancellationToken)
    {
        using var client = CamundaClient.Create(new CamundaClientOptions { BaseAddress = engine });
        using var slots = new SemaphoreSlim(concurrency, concurrency);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workerId = "baseline-" + topic;
        long completed = 0;
        long lastComplete = 0;

        async Task CompleteAsync(string taskId)
        {
            try
            {
                await client.ExternalTasks.CompleteAsync(taskId, new CompleteExternalTask { WorkerId = workerId }, stop.Token);
                if (Interlocked.Increment(ref completed) == expected)
                {
                    Interlocked.Exchange(ref lastComplete, Stopwatch.GetTimestamp());
                    done.TrySetResult();
                }
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                done.TrySetException(ex);
            }
            finally
            {
                slots.Release();
            }
        }

        var first = Stopwatch.GetTimestamp();
        var fetching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await slots.WaitAsync(stop.Token);
                var free = 1;
                while (free < maxTasks && slots.Wait(0))
                {
                    free++;
                }

                IReadOnlyList<LockedExternalTask> tasks;
                try
                {
                    tasks = await client.ExternalTasks.FetchAndLockAsync(new FetchAndLockRequest
                    {
                        WorkerId = workerId,
                        MaxTasks = free,
                        UsePriority = true,
                        AsyncResponseTimeout = pollTimeout,
                        Sorting = [FetchSorting.CreateTimeAscending],
                        Topics = [new FetchTopic { TopicName = topic, LockDuration = TimeSpan.FromMinutes(5) }],
                    }, stop.Token);
                }
                catch
                {
                    slots.Release(free);
                    throw;
                }

                if (free > tasks.Count)
                {
                    slots.Release(free - tasks.Count);
                }

                foreach (var task in tasks)
                {
                    _ = CompleteAsync(task.Id);
                }
            }
        }, stop.Token);

        try
        {
            if (await Task.WhenAny(done.Task, fetching) == fetching)
            {
                // The loop only ends on its own by failing: surface why.
                await fetching;
            }

            await done.Task;
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await fetching;
            }
            catch (OperationCanceledException)
            {
                // The last long poll, cut short.
            }
        }

        return Stopwatch.GetElapsedTime(first, Interlocked.Read(ref lastComplete));
    }
}
