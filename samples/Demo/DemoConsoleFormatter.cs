using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Bptl.Demo;

/// <summary>One short line per event (<c>12:00:01 warn  message</c>): the demo's log sits between its summaries.</summary>
internal sealed class DemoConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "demo";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null)
        {
            return;
        }

        var level = logEntry.LogLevel switch
        {
            LogLevel.Warning => "warn  ",
            LogLevel.Error or LogLevel.Critical => "error ",
            _ => "",
        };
        textWriter.WriteLine($"{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {level}{message}");
    }
}
