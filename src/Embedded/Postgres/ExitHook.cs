using System.Runtime.InteropServices;

namespace Bptl.Embedded;

/// <summary>
/// Runs a callback when the process exits normally (ProcessExit) or is asked to stop by a signal (Ctrl+C,
/// SIGTERM, SIGQUIT, SIGHUP), so a run that ends without disposing its cluster still stops it. Since .NET 10 the
/// runtime no longer turns SIGTERM into ProcessExit, hence the signal registrations. A killed process runs
/// nothing; the next start's sweep covers that case.
/// </summary>
internal sealed class ExitHook : IDisposable
{
    private static readonly PosixSignal[] s_stopSignals =
        [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT, PosixSignal.SIGHUP];

    private readonly Action _onExit;
    private readonly PosixSignalRegistration[] _signals;

    /// <param name="onExit">What to run.</param>
    /// <param name="onSignals">Also run on stop signals; off for applications that handle them and stop the cluster themselves.</param>
    public ExitHook(Action onExit, bool onSignals)
    {
        _onExit = onExit;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        _signals = onSignals ? [.. s_stopSignals.Select(signal => PosixSignalRegistration.Create(signal, OnSignal))] : [];
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        foreach (var registration in _signals)
        {
            registration.Dispose();
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => _onExit();

    private void OnSignal(PosixSignalContext context)
    {
        // A handler that cancels the signal (a test runner's graceful stop) goes on to dispose fixtures itself;
        // otherwise the process terminates once the handlers return.
        if (!context.Cancel)
        {
            _onExit();
        }
    }
}
