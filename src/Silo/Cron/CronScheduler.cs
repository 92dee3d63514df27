using System.Collections.Concurrent;
using Bptl.Grains.Checkpoints;
using Bptl.Grains.Execution;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Persistence;
using Bptl.Grains.Services;
using Bptl.Grains.Tasks;
using Bptl.Silo.Claims;
using Bptl.Silo.Membership;
using Bptl.Silo.Options;
using Bptl.Storage.Cron;
using Bptl.Variables;
using Microsoft.Extensions.Logging;

namespace Bptl.Silo.Cron;

/// <summary>
/// Runs the cluster's cron schedules: every silo reads <c>bptl_cron</c>, and when a tick of a schedule whose work unit
/// it has is due, tries to claim it by moving <c>next_fire_at</c> on in one statement; the silo that wins runs the
/// work unit through the <see cref="WorkUnitExecutor"/> and records the outcome. Ticks missed while no silo ran
/// collapse into one. A failed run is recorded and logged; the schedule goes on.
/// </summary>
internal sealed partial class CronScheduler(
    CronStore store,
    WorkUnitCatalog workUnits,
    WorkUnitExecutor executor,
    SiloIdentity silo,
    IReadOnlyList<CronOptions> configured,
    TimeProvider time,
    ILogger<CronScheduler> logger) : IDisposable
{
    /// <summary>The longest sleep between two reads of the schedules, so that changes by other silos are seen.</summary>
    internal static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly Dictionary<(string Schedule, string TimeZone), CronSchedule?> _parsed = [];
    private readonly CancellationTokenSource _runs = new();

    public AsyncPulse Wake { get; } = new();

    public int Running => _running.Count;

    /// <summary>Writes the configured schedules to the database (the first tick of a new or changed one is the next after now).</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (configured.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var seeds = new List<CronSeed>();
        foreach (var cron in configured)
        {
            // The options validator has checked every schedule already.
            CronSchedule.TryCreate(cron.Schedule, cron.TimeZone, out var schedule, out _);
            seeds.Add(new CronSeed(cron.Name!, cron.Schedule!, cron.TimeZone, cron.WorkUnit!, VariableJson.Serialize(CronVariables.From(cron.Variables)),
                cron.Enabled, schedule!.NextAfter(now)));
        }

        await store.SeedAsync(seeds, cancellationToken).ConfigureAwait(false);
        foreach (var cron in configured.Where(c => c.Enabled && !workUnits.Has(c.WorkUnit!)))
        {
            LogNotHere(logger, cron.Name!, cron.WorkUnit!);
        }
    }

    /// <summary>Claims and starts due ticks until <paramref name="stopping"/>; runs already started go on until <see cref="DrainAsync"/>.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var wait = Refresh;
            try
            {
                wait = await TickAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogTickFailed(logger, ex.Message, StorageRetry.IsTransient(ex) ? null : ex);
            }

            try
            {
                await Wake.WaitAsync(wait, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
        }
    }

    /// <summary>One pass: claims what is due and says how long to sleep.</summary>
    internal async Task<TimeSpan> TickAsync(CancellationToken cancellationToken)
    {
        var rows = await store.AllAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset? earliest = null;
        foreach (var row in rows)
        {
            if (!row.Enabled || row.NextFireAt is not { } dueAt || workUnits.Find(row.WorkUnit) is not { } registration
                || Parse(row) is not { } schedule)
            {
                continue;
            }

            var due = new DateTimeOffset(DateTime.SpecifyKind(dueAt, DateTimeKind.Utc));
            var now = time.GetUtcNow();
            if (!CronTiming.IsDue(due, now))
            {
                earliest = Earliest(earliest, due);
                continue;
            }

            var next = CronTiming.NextFire(schedule, due, now);
            var run = await store.ClaimAsync(row.Name, dueAt, next, silo.Id, cancellationToken).ConfigureAwait(false);
            if (run is { } id)
            {
                Start(id, row, due, registration);
            }

            // Won or lost, the next tick is known; another silo's claim moved it to the same time.
            if (next is { } following)
            {
                earliest = Earliest(earliest, following);
            }
        }

        return CronTiming.TimeToWait(time.GetUtcNow(), earliest, Refresh);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the running ticks, then cancels the rest (recorded as cancelled).</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var all = Task.WhenAll(_running.Values);
        try
        {
            await all.WaitAsync(timeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _runs.CancelAsync().ConfigureAwait(false);
            await all.ConfigureAwait(false);
        }
    }

    private void Start(long id, CronRow row, DateTimeOffset due, WorkUnitRegistration registration)
    {
        var run = Task.Run(() => RunOneAsync(id, row, due, registration, _runs.Token), CancellationToken.None);
        _running[id] = run;
        _ = run.ContinueWith(_ => _running.TryRemove(id, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task RunOneAsync(long id, CronRow row, DateTimeOffset due, WorkUnitRegistration registration, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        string outcome;
        string? error = null;
        VariableMap? variables = null;
        try
        {
            var request = new WorkUnitRunRequest
            {
                Engine = "cron",
                TaskId = row.Name + "/" + due.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                Topic = "cron/" + row.Name,
                Variables = VariableJson.Deserialize(row.Variables),
                Checkpoint = new MemoryCheckpoint(),
                Timeline = new MemoryTaskTimeline(),
            };
            var result = await executor.RunAsync(registration, request, cancellationToken).ConfigureAwait(false);
            (outcome, error, variables) = result.Result switch
            {
                CompleteResult complete => ("complete", (string?)null, Merge(complete.Variables, complete.LocalVariables)),
                FailureResult failure => ("failure", failure.Message, null),
                BpmnErrorResult bpmn => ("bpmnError", $"{bpmn.ErrorCode}: {bpmn.Message}", bpmn.Variables),
                _ => ("cancelled", "the silo stopped during the run", null),
            };
        }
        catch (Exception ex)
        {
            // The executor maps a work unit's exceptions; this is Bptl's own failure (unreadable variables...).
            (outcome, error) = ("failure", ex.Message);
        }

        var elapsed = time.GetElapsedTime(started);
        if (outcome == "complete")
        {
            LogRunCompleted(logger, row.Name, row.WorkUnit, due, elapsed.TotalMilliseconds);
        }
        else
        {
            LogRunFailed(logger, row.Name, row.WorkUnit, due, outcome, error ?? "");
        }

        try
        {
            using var recording = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await store.FinishAsync(id, outcome, error, variables is null ? null : VariableJson.Serialize(variables), recording.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogNotRecorded(logger, row.Name, due, ex.Message);
        }
    }

    public void Dispose() => _runs.Dispose();

    private CronSchedule? Parse(CronRow row)
    {
        var key = (row.Schedule, row.TimeZone);
        if (!_parsed.TryGetValue(key, out var schedule))
        {
            if (!CronSchedule.TryCreate(row.Schedule, row.TimeZone, out schedule, out var error))
            {
                LogBadSchedule(logger, row.Name, error!);
            }

            _parsed[key] = schedule;
        }

        return schedule;
    }

    private static VariableMap Merge(VariableMap variables, VariableMap local)
    {
        var merged = new VariableMap(variables);
        foreach (var (name, value) in local)
        {
            merged[name] = value;
        }

        return merged;
    }

    private static DateTimeOffset Earliest(DateTimeOffset? current, DateTimeOffset candidate) =>
        current is { } c && c <= candidate ? c : candidate;

    [LoggerMessage(EventId = 3721, Level = LogLevel.Information, Message = "Cron {Cron}: the tick of {Due:O} ran {WorkUnit} to completion in {Milliseconds:0} ms")]
    private static partial void LogRunCompleted(ILogger logger, string cron, string workUnit, DateTimeOffset due, double milliseconds);

    [LoggerMessage(EventId = 3722, Level = LogLevel.Warning,
        Message = "Cron {Cron}: the tick of {Due:O} ran {WorkUnit} with outcome {Outcome}: {Error}; the schedule goes on")]
    private static partial void LogRunFailed(ILogger logger, string cron, string workUnit, DateTimeOffset due, string outcome, string error);

    [LoggerMessage(EventId = 3723, Level = LogLevel.Warning, Message = "Cron {Cron}: the outcome of the tick of {Due:O} was not recorded: {Error}")]
    private static partial void LogNotRecorded(ILogger logger, string cron, DateTimeOffset due, string error);

    [LoggerMessage(EventId = 3724, Level = LogLevel.Error, Message = "Cron {Cron} cannot run: {Error}")]
    private static partial void LogBadSchedule(ILogger logger, string cron, string error);

    [LoggerMessage(EventId = 3725, Level = LogLevel.Warning, Message = "Cron pass failed: {Error}; the next pass tries again")]
    private static partial void LogTickFailed(ILogger logger, string error, Exception? exception);

    [LoggerMessage(EventId = 3726, Level = LogLevel.Information,
        Message = "Cron {Cron} runs work unit '{WorkUnit}', which this silo does not have: silos that have it run its ticks")]
    private static partial void LogNotHere(ILogger logger, string cron, string workUnit);
}
