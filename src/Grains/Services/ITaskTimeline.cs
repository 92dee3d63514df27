using System.Text.Json.Nodes;

namespace Bptl.Grains.Services;

/// <summary>
/// A task grain's timeline: what happened to it, in order (fetched, started, each external request, reported...),
/// as the dashboard shows it. Recording never fails the work unit: a lost event is logged, not thrown.
/// </summary>
public interface ITaskTimeline
{
    /// <summary>Appends an event of <paramref name="kind"/> with <paramref name="detail"/> (no secrets: callers redact them).</summary>
    Task RecordAsync(string kind, JsonObject detail, CancellationToken cancellationToken);
}

/// <summary>A timeline that keeps its events in memory (direct executions, tests).</summary>
public sealed class MemoryTaskTimeline : ITaskTimeline
{
    private readonly List<(string Kind, JsonObject Detail)> _events = [];

    /// <summary>The events so far.</summary>
    public IReadOnlyList<(string Kind, JsonObject Detail)> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <inheritdoc />
    public Task RecordAsync(string kind, JsonObject detail, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            _events.Add((kind, detail));
        }

        return Task.CompletedTask;
    }
}
