using System.Globalization;

namespace Bptl.Demo.Cluster;

/// <summary>How the demo configures a silo: environment variables, the way a container or a Kubernetes pod does.</summary>
internal static class SiloSettings
{
    /// <summary>How long a stopping silo lets running work units finish; the pack unit takes up to 6 s.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    public static Dictionary<string, string> For(string name, Uri healthUrl, string connectionString, Uri engine, bool informationLogs)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Bptl__Silo__Name"] = name,
            ["Bptl__Silo__HealthUrl"] = healthUrl.ToString(),
            // Quicker than the defaults, so topics spread and move within seconds.
            ["Bptl__Silo__HeartbeatInterval"] = "00:00:01",
            ["Bptl__Silo__DeadAfter"] = "00:00:05",
            ["Bptl__Silo__LeaseDuration"] = "00:00:06",
            ["Bptl__Silo__MaintenanceInterval"] = "00:00:05",
            ["Bptl__Silo__ShutdownTimeout"] = ShutdownTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Bptl__Storage__ConnectionString"] = connectionString,
            ["Bptl__Engines__default__BaseAddress"] = engine.ToString(),
            ["Demo__ParentProcessId"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = informationLogs ? "Information" : "Warning",
            ["Logging__LogLevel__Microsoft"] = "Warning",
            ["Logging__LogLevel__Npgsql"] = "Warning",
            ["Logging__LogLevel__System.Net.Http"] = "Warning",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled",
        };
        foreach (var (key, value) in DemoTopics.AsEnvironment())
        {
            settings[key] = value;
        }

        return settings;
    }
}
