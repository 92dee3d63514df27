namespace Bptl.Demo.Monitoring;

/// <summary>The monitor's queries, embedded from Sql/*.sql.</summary>
internal static class DemoSql
{
    public static string TasksByState { get; } = Read("tasks_by_state.sql");

    public static string TaskPaths { get; } = Read("task_paths.sql");

    public static string Silos { get; } = Read("silos.sql");

    private static string Read(string name)
    {
        using var stream = typeof(DemoSql).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
