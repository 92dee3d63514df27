using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Tasks;
using Microsoft.Extensions.Logging;

namespace Bptl.Silo.Plugins;

/// <summary>
/// Builds the silo's <see cref="WorkUnitCatalog"/>: the compiled work units (AddWorkUnit) plus those of the plugins
/// that loaded. A plugin with a name a compiled unit already has is refused whole, and the error names both types.
/// Logs what became of every plugin.
/// </summary>
internal static partial class WorkUnitCatalogFactory
{
    public static WorkUnitCatalog Create(IEnumerable<WorkUnitRegistration> compiled, IEnumerable<PluginWorkUnit> fromPlugins,
        PluginLoadReport report, ILogger logger)
    {
        var registrations = compiled.ToList();
        var names = new Dictionary<string, WorkUnitRegistration>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            names.TryAdd(registration.Name, registration);
        }

        foreach (var path in report.Ignored)
        {
            LogIgnored(logger, path);
        }

        foreach (var plugin in fromPlugins.GroupBy(p => p.Plugin, StringComparer.Ordinal))
        {
            var clash = plugin.FirstOrDefault(u => names.ContainsKey(u.Registration.Name));
            if (clash is not null)
            {
                var existing = names[clash.Registration.Name];
                report.Reject(plugin.Key,
                    $"its work unit '{clash.Registration.Name}' ({clash.Registration.Type.FullName}) clashes with the compiled work unit of that name ({existing.Type.FullName})");
                continue;
            }

            registrations.AddRange(plugin.Select(u => u.Registration));
        }

        foreach (var failed in report.Failed)
        {
            LogFailed(logger, failed.Name, failed.Path, failed.Reason);
        }

        foreach (var loaded in report.Loaded)
        {
            LogLoaded(logger, loaded.Name, loaded.Path, loaded.WorkUnits);
        }

        return new WorkUnitCatalog(registrations);
    }

    [LoggerMessage(EventId = 3701, Level = LogLevel.Information, Message = "Plugin {Plugin} loaded from {Path}: work units [{WorkUnits}]")]
    private static partial void LogLoaded(ILogger logger, string plugin, string path, IReadOnlyList<string> workUnits);

    [LoggerMessage(EventId = 3702, Level = LogLevel.Error, Message = "Plugin {Plugin} ({Path}) was skipped: {Reason}")]
    private static partial void LogFailed(ILogger logger, string plugin, string path, string reason);

    [LoggerMessage(EventId = 3703, Level = LogLevel.Warning,
        Message = "{Path} lies directly in the plugin folder and is ignored: each plugin is a subfolder holding <name>.dll and its dependencies")]
    private static partial void LogIgnored(ILogger logger, string path);
}
