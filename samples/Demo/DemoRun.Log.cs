using Microsoft.Extensions.Logging;

namespace Bptl.Demo;

internal sealed partial class DemoRun
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Starting PostgreSQL, the sandbox engine and two silos")]
    private static partial void LogStarting(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "PostgreSQL is up on 127.0.0.1:{Port}")]
    private static partial void LogPostgresStarted(ILogger logger, int port);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Port {Port} is busy; the engine takes a free port instead")]
    private static partial void LogEnginePortBusy(ILogger logger, int port);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "The sandbox engine is up on {BaseAddress}, demo-order deployed")]
    private static partial void LogEngineStarted(ILogger logger, Uri baseAddress);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Everything is up after {Seconds:0.0} s")]
    private static partial void LogReady(ILogger logger, double seconds);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Stop requested")]
    private static partial void LogStopRequested(ILogger logger);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Stopping: no new orders; the silos finish or hand back their work")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Stopped while starting; what had started is stopped again")]
    private static partial void LogStoppedWhileStarting(ILogger logger);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Error, Message = "The demo failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "{Silo} exited on its own. Its last lines:\n{Lines}")]
    private static partial void LogSiloExited(ILogger logger, string silo, string lines);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Check passed after {Seconds:0} s: every path showed up")]
    private static partial void LogCheckPassed(ILogger logger, double seconds);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Error, Message = "Check failed: within {Seconds:0} s, these never showed up: {Missing}")]
    private static partial void LogCheckFailed(ILogger logger, double seconds, string missing);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "No final summary: {Reason}")]
    private static partial void LogNoFinalSummary(ILogger logger, string reason);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "Could not read the summary: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Information, Message = "Engine and PostgreSQL stopped, temporary folders removed; nothing is left running")]
    private static partial void LogAllStopped(ILogger logger);
}
