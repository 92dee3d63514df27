using System.Reflection;
using Bptl.Grains.Interfaces.WorkUnits;
using Microsoft.Extensions.DependencyInjection;

namespace Bptl.Silo.Plugins;

/// <summary>
/// Loads the plugins of a folder into the host's services. Every subfolder is one plugin (the output of
/// <c>dotnet publish</c> of a class library referencing Bptl.Grains.Interfaces); its entry assembly is the dll named
/// like the subfolder, its other files are its private dependencies. Each plugin loads into its own
/// <see cref="PluginLoadContext"/>, registers its work units into a scratch service collection first, and is added to
/// the host only when all of that worked and none of its names is taken by an earlier plugin: a broken plugin is
/// skipped whole, with the reason, and the silo starts with the rest.
/// </summary>
internal static class PluginLoader
{
    public static PluginLoadReport Load(string? folder, IServiceCollection services)
    {
        var report = new PluginLoadReport(folder);
        if (folder is null || !Directory.Exists(folder))
        {
            // No folder configured, or a wrong one, which the options validator reports.
            return report;
        }

        foreach (var file in Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal))
        {
            report.AddIgnored(file);
        }

        var taken = new Dictionary<string, (string Plugin, Type Type)>(StringComparer.Ordinal);
        foreach (var directory in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(directory);
            var entry = Path.Combine(directory, name + ".dll");
            if (!File.Exists(entry))
            {
                report.AddFailed(new FailedPlugin(name, directory, $"the folder has no {name}.dll: a plugin's entry assembly is named like its folder"));
                continue;
            }

            try
            {
                var units = Register(name, entry, taken, services);
                report.AddLoaded(new LoadedPlugin(name, entry, units));
            }
            catch (PluginException ex)
            {
                report.AddFailed(new FailedPlugin(name, entry, ex.Message));
            }
            catch (Exception ex)
            {
                report.AddFailed(new FailedPlugin(name, entry, Describe(ex)));
            }
        }

        return report;
    }

    private static List<string> Register(string name, string entry, Dictionary<string, (string Plugin, Type Type)> taken, IServiceCollection services)
    {
        var context = new PluginLoadContext(name, entry);
        var assembly = context.LoadFromAssemblyPath(entry);
        var scratch = new ServiceCollection();
        scratch.AddWorkUnitsFrom(assembly);
        var units = scratch.Where(d => d.ServiceType == typeof(WorkUnitRegistration))
            .Select(d => (WorkUnitRegistration)d.ImplementationInstance!).ToList();
        if (units.Count == 0)
        {
            throw new PluginException("it has no work unit: mark a class [WorkUnit(\"name\")] or add a public IWorkUnitPlugin entry point");
        }

        foreach (var unit in units)
        {
            // Resolve what dependency injection will need now, so that a missing dependency fails the load, not every run.
            foreach (var constructor in unit.Type.GetConstructors())
            {
                _ = constructor.GetParameters();
            }

            if (taken.TryGetValue(unit.Name, out var owner))
            {
                throw new PluginException(
                    $"its work unit '{unit.Name}' ({unit.Type.FullName}) clashes with the one of plugin '{owner.Plugin}' ({owner.Type.FullName})");
            }
        }

        foreach (var descriptor in scratch)
        {
            if (descriptor.ServiceType == typeof(WorkUnitRegistration))
            {
                var unit = (WorkUnitRegistration)descriptor.ImplementationInstance!;
                taken[unit.Name] = (name, unit.Type);
                services.AddSingleton(new PluginWorkUnit(name, entry, unit));
            }
            else
            {
                services.Add(descriptor);
            }
        }

        return [.. units.Select(u => u.Name)];
    }

    private static string Describe(Exception exception) => exception switch
    {
        BadImageFormatException bad => $"{Path.GetFileName(bad.FileName) ?? "the entry assembly"} is not a valid .NET assembly ({bad.Message})",
        FileNotFoundException missing => $"a dependency is missing: {missing.Message}",
        FileLoadException load => $"a dependency cannot be loaded: {load.Message}",
        ReflectionTypeLoadException types =>
            "some of its types cannot be loaded: " + string.Join("; ", types.LoaderExceptions.Where(e => e is not null).Select(e => e!.Message).Distinct()),
        TargetInvocationException { InnerException: { } inner } => Describe(inner),
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    private sealed class PluginException(string message) : Exception(message);
}
