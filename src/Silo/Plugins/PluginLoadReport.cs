using Bptl.Grains.Interfaces.WorkUnits;

namespace Bptl.Silo.Plugins;

/// <summary>A work unit that came from a plugin: the catalog adds it unless its name clashes with a compiled one.</summary>
internal sealed record PluginWorkUnit(string Plugin, string Path, WorkUnitRegistration Registration);

/// <summary>A plugin that loaded: its folder name, its entry assembly, and the work units it registered.</summary>
public sealed record LoadedPlugin(string Name, string Path, IReadOnlyList<string> WorkUnits);

/// <summary>A plugin that was skipped, and why.</summary>
public sealed record FailedPlugin(string Name, string Path, string Reason);

/// <summary>What the silo made of its plugin folder at start: read it from the services to show it (admin, health).</summary>
public sealed class PluginLoadReport
{
    private readonly List<LoadedPlugin> _loaded = [];
    private readonly List<FailedPlugin> _failed = [];
    private readonly List<string> _ignored = [];

    internal PluginLoadReport(string? folder) => Folder = folder;

    /// <summary>The plugin folder (absolute), or null when none is configured.</summary>
    public string? Folder { get; }

    /// <summary>The plugins whose work units the silo runs.</summary>
    public IReadOnlyList<LoadedPlugin> Loaded
    {
        get
        {
            lock (_loaded)
            {
                return [.. _loaded];
            }
        }
    }

    /// <summary>The plugins skipped, with the reason.</summary>
    public IReadOnlyList<FailedPlugin> Failed
    {
        get
        {
            lock (_loaded)
            {
                return [.. _failed];
            }
        }
    }

    /// <summary>Files lying directly in the plugin folder, which are not plugins (a plugin is a subfolder).</summary>
    public IReadOnlyList<string> Ignored => _ignored;

    internal void AddLoaded(LoadedPlugin plugin)
    {
        lock (_loaded)
        {
            _loaded.Add(plugin);
        }
    }

    internal void AddFailed(FailedPlugin plugin)
    {
        lock (_loaded)
        {
            _failed.Add(plugin);
        }
    }

    internal void AddIgnored(string path) => _ignored.Add(path);

    /// <summary>A plugin that loaded but whose work units the catalog refused: it moves from loaded to failed.</summary>
    internal void Reject(string plugin, string reason)
    {
        lock (_loaded)
        {
            var index = _loaded.FindIndex(p => p.Name == plugin);
            if (index >= 0)
            {
                _failed.Add(new FailedPlugin(plugin, _loaded[index].Path, reason));
                _loaded.RemoveAt(index);
            }
        }
    }
}
