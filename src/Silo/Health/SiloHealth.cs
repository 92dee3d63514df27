namespace Bptl.Silo.Health;

/// <summary>What the health endpoint reports: filled in by the runtime and the membership loop.</summary>
internal sealed class SiloHealth(TimeProvider time)
{
    private long _lastHeartbeatTicks;

    public bool Started { get; set; }

    public bool Stopping { get; set; }

    public DateTimeOffset? LastHeartbeat
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastHeartbeatTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public void Beat() => Interlocked.Exchange(ref _lastHeartbeatTicks, time.GetUtcNow().UtcTicks);

    /// <summary>Alive: started, and its heartbeats reach the database (the cluster would otherwise declare it dead).</summary>
    public bool IsLive(TimeSpan deadAfter) =>
        !Started || (LastHeartbeat is { } beat && time.GetUtcNow() - beat < deadAfter);

    /// <summary>Ready: it has joined the cluster and is not stopping.</summary>
    public bool IsReady => Started && !Stopping;
}
