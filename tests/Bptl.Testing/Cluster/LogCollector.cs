using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bptl.Testing.Cluster;

/// <summary>
/// Keeps a silo's log lines in memory, with the values of their scopes, so tests can assert on what it said and print
/// it when they fail.
/// </summary>
public sealed class LogCollector(string silo) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public bool Contains(LogLevel atLeast, string text) => Lines.Any(l => l.Level >= atLeast && l.Message.Contains(text, StringComparison.Ordinal));

    public string Dump(LogLevel atLeast = LogLevel.Information) =>
        string.Join('\n', Lines.Where(l => l.Level >= atLeast).Select(l => $"[{silo} {l.Level}] {l.Category}: {l.Message}{(l.Exception is null ? "" : " " + l.Exception)}"));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>One line; <paramref name="Scope"/> holds the key/value pairs of the scopes it was logged in.</summary>
    public sealed record LogLine(LogLevel Level, string Category, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Scope);

    private sealed class Logger(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
            owner._scopes.ForEachScope((value, values) =>
            {
                if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, item) in pairs)
                    {
                        values[key] = item;
                    }
                }
            }, scope);
            owner.Lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception), exception, scope));
        }
    }
}
