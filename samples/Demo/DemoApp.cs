using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Spectre.Console;

namespace Bptl.Demo;

/// <summary>The command's entry: logging, the stop signal, and the run.</summary>
internal static class DemoApp
{
    public static async Task<int> RunAsync(DemoOptions options)
    {
        if (Console.IsOutputRedirected)
        {
            // A log file or a test reads the output: plain text, lines not wrapped.
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Out = new AnsiConsoleOutput(Console.Out),
            });
            AnsiConsole.Profile.Width = 120;
        }

        using var signals = new StopSignal();
        using var loggers = LoggerFactory.Create(logging => logging
            .AddConsole(o => o.FormatterName = DemoConsoleFormatter.FormatterName)
            .AddConsoleFormatter<DemoConsoleFormatter, ConsoleFormatterOptions>()
            .SetMinimumLevel(LogLevel.Information));
        return await new DemoRun(options, signals, loggers).RunAsync();
    }
}
