using System.Runtime.InteropServices;

namespace Bptl.Demo;

/// <summary>
/// Turns SIGINT (Ctrl+C), SIGTERM and SIGHUP into a cancellation token and cancels the signal, so the demo decides
/// the order of the stop: silos first, then the engine, then PostgreSQL.
/// </summary>
/// <remarks>
/// .NET runs the most recent registration first and stops at the first handler that cancels. The sandbox host's
/// console lifetime registers its own handlers when it starts, so <see cref="Arm"/> is called again after it starts
/// to keep this one in front. (The embedded cluster is started with its signal handling off.)
/// </remarks>
internal sealed class StopSignal : IDisposable
{
    private static readonly PosixSignal[] Signals = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP];

    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private PosixSignalRegistration[] _registrations = [];

    public StopSignal() => Arm();

    public CancellationToken Token => _stop.Token;

    /// <summary>(Re-)registers the handlers so they run before any registered since.</summary>
    public void Arm()
    {
        lock (_gate)
        {
            var previous = _registrations;
            _registrations = [.. Signals.Select(signal => PosixSignalRegistration.Create(signal, OnSignal))];
            foreach (var registration in previous)
            {
                registration.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var registration in _registrations)
            {
                registration.Dispose();
            }

            _registrations = [];
        }

        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A signal after the demo finished: nothing is left to stop.
        }
    }
}
