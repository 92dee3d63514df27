using Microsoft.Extensions.Logging;

namespace Bptl.Demo.Cluster;

internal sealed partial class SiloProcess
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "{Silo} started (pid {ProcessId})")]
    private static partial void LogStarted(ILogger logger, string silo, int processId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "{Silo}: SIGTERM, graceful stop")]
    private static partial void LogStopping(ILogger logger, string silo);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "{Silo} did not stop within {Seconds} s; killing it")]
    private static partial void LogKilling(ILogger logger, string silo, double seconds);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "{Silo} stopped (exit code {ExitCode})")]
    private static partial void LogStopped(ILogger logger, string silo, int exitCode);
}
