using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bptl.Demo.Silo.Hosting;

/// <summary>
/// Stops the silo gracefully when the process named by <c>Demo:ParentProcessId</c> is gone. The demo sets it, so a
/// demo killed before it could stop its silos leaves none behind; without the setting this does nothing.
/// </summary>
internal sealed partial class ParentProcessWatch(
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<ParentProcessWatch> logger) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (configuration.GetValue<int?>("Demo:ParentProcessId") is not { } parentId)
        {
            return;
        }

        using var timer = new PeriodicTimer(CheckEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!IsRunning(parentId))
            {
                LogParentGone(logger, parentId);
                lifetime.StopApplication();
                return;
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "The demo process {ProcessId} is gone; stopping this silo")]
    private static partial void LogParentGone(ILogger logger, int processId);
}
