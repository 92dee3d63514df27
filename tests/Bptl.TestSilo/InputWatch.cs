using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bptl.TestSilo;

/// <summary>
/// Stops the silo when standard input closes (with <see cref="TestSiloOptions.ExitWhenInputCloses"/>): the test that
/// started it holds the pipe's other end, so a test process that dies takes its silos with it.
/// </summary>
internal sealed partial class InputWatch(IOptions<TestSiloOptions> options, IHostApplicationLifetime lifetime, ILogger<InputWatch> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ExitWhenInputCloses)
        {
            // Console input has no truly asynchronous read: a thread of its own waits for the end of the stream.
            _ = Task.Factory.StartNew(Watch, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Watch()
    {
        var input = Console.OpenStandardInput();
        var buffer = new byte[256];
        while (input.Read(buffer, 0, buffer.Length) > 0)
        {
        }

        LogInputClosed(logger);
        lifetime.StopApplication();
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Standard input closed: the process that started this silo is gone; stopping")]
    private static partial void LogInputClosed(ILogger logger);
}
