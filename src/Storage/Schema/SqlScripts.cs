using System.Collections.Concurrent;
using System.Reflection;

namespace Bptl.Storage.Schema;

/// <summary>The named SQL statements embedded in this assembly (<c>Sql/&lt;name&gt;.sql</c>), read once.</summary>
internal static class SqlScripts
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Get(string name) => Cache.GetOrAdd(name, static n => Read("Bptl.Storage.Sql." + n + ".sql"));

    public static string Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The SQL resource '{resource}' is not embedded in Bptl.Storage.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
