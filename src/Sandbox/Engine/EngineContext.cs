using Microsoft.Extensions.Logging;

namespace Bptl.Sandbox.Engine;

/// <summary>Told after a commit that a task became fetchable, so pending long polls can be served.</summary>
internal interface ITaskAvailabilityListener
{
    void OnTasksAvailable();
}

/// <summary>The shared state, clock and settings the engine services work with.</summary>
internal sealed class EngineContext
{
    public EngineContext(TimeProvider time, TimeZoneInfo zone, ILoggerFactory loggerFactory)
    {
        Time = time;
        Zone = zone;
        LoggerFactory = loggerFactory;
    }

    public EngineState State { get; } = new();

    public TimeProvider Time { get; }

    public TimeZoneInfo Zone { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Set once by the long-polling dispatcher.</summary>
    public ITaskAvailabilityListener? AvailabilityListener { get; set; }

    /// <summary>The clock truncated to milliseconds, the precision of every date on the wire.</summary>
    public DateTimeOffset Now()
    {
        var now = Time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    public static string NewId() => Guid.NewGuid().ToString("D");

    public void NotifyIfAvailable(EngineTransaction tx)
    {
        if (tx.TasksBecameAvailable)
        {
            AvailabilityListener?.OnTasksAvailable();
        }
    }
}
