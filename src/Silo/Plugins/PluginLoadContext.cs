using System.Reflection;
using System.Runtime.Loader;

namespace Bptl.Silo.Plugins;

/// <summary>
/// The load context of one plugin: its own assemblies come from its folder, while the SDK (Bptl.Grains.Interfaces,
/// Bptl.Variables) and the shared framework always come from the host, so <c>IWorkUnit</c>, <c>VariableMap</c> and
/// <c>IServiceCollection</c> are the host's types even when the plugin ships copies of them. Not collectible: a silo
/// never unloads a plugin.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly HashSet<string> SharedSdk = new(StringComparer.OrdinalIgnoreCase) { "Bptl.Grains.Interfaces", "Bptl.Variables" };
    private static readonly Lazy<HashSet<string>> Framework = new(FrameworkAssemblies);
    private readonly AssemblyDependencyResolver? _resolver;
    private readonly string _folder;

    public PluginLoadContext(string name, string entryAssemblyPath)
        : base("bptl-plugin:" + name, isCollectible: false)
    {
        _folder = Path.GetDirectoryName(entryAssemblyPath)!;
        try
        {
            _resolver = new AssemblyDependencyResolver(entryAssemblyPath);
        }
        catch (InvalidOperationException)
        {
            // No usable .deps.json: dependencies are looked up by file name in the plugin's folder.
            _resolver = null;
        }
    }

    /// <summary>True when <paramref name="name"/> is always the host's copy.</summary>
    public static bool IsShared(AssemblyName name) =>
        name.Name is { } simple && (SharedSdk.Contains(simple) || Framework.Value.Contains(simple));

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsShared(assemblyName))
        {
            return null;
        }

        var path = _resolver?.ResolveAssemblyToPath(assemblyName);
        if (path is null && assemblyName.Name is { } simple)
        {
            var local = Path.Combine(_folder, simple + ".dll");
            path = File.Exists(local) ? local : null;
        }

        // Null falls back to the host's default context: an assembly found nowhere fails to load there, naming it.
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    /// <summary>The simple names of the assemblies of the shared frameworks the host runs on (.NET, ASP.NET Core).</summary>
    private static HashSet<string> FrameworkAssemblies()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // <dotnet>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll: every framework lives under <dotnet>/shared.
        var sharedRoot = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(object).Assembly.Location)));
        if (sharedRoot is null || AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string trusted)
        {
            return names;
        }

        var prefix = sharedRoot.EndsWith(Path.DirectorySeparatorChar) ? sharedRoot : sharedRoot + Path.DirectorySeparatorChar;
        foreach (var path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        return names;
    }
}
