using System.Runtime.InteropServices;

namespace Bptl.Demo.Cluster;

/// <summary>Finds the <c>dotnet</c> executable of the runtime this process runs on, to start the silos with it.</summary>
internal static class DotnetHost
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } self && System.IO.Path.GetFileName(self) == name)
        {
            return self;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ holds the runtime; <root>/dotnet is the host.
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = System.IO.Path.Combine(root, name);
        return File.Exists(candidate) ? candidate : name;
    }
}
