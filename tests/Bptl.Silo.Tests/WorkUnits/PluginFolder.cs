namespace Bptl.Silo.Tests.WorkUnits;

/// <summary>A temporary plugin folder, laid out as a deployment would: one subfolder per plugin.</summary>
internal sealed class PluginFolder : IDisposable
{
    /// <summary>What <c>dotnet publish</c> of the sample plugin gives: the plugin and its copies of the SDK assemblies.</summary>
    private static readonly string[] SamplePluginFiles = ["Bptl.SamplePlugin.dll", "Bptl.Grains.Interfaces.dll", "Bptl.Variables.dll"];

    public string Path { get; } = Directory.CreateTempSubdirectory("bptl-plugins-").FullName;

    /// <summary>Copies the sample plugin's build output into <c>&lt;folder&gt;/&lt;name&gt;/</c>, its entry assembly named <c>&lt;name&gt;.dll</c>.</summary>
    public PluginFolder WithSamplePlugin(string name = "Bptl.SamplePlugin")
    {
        var target = Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;
        foreach (var file in SamplePluginFiles)
        {
            var copy = file == "Bptl.SamplePlugin.dll" ? name + ".dll" : file;
            File.Copy(System.IO.Path.Combine(AppContext.BaseDirectory, file), System.IO.Path.Combine(target, copy));
        }

        return this;
    }

    /// <summary>A plugin whose entry assembly is not an assembly at all.</summary>
    public PluginFolder WithCorruptPlugin(string name)
    {
        var target = Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;
        File.WriteAllBytes(System.IO.Path.Combine(target, name + ".dll"), [0x4D, 0x5A, 0x00, 0x13, 0x37, .. new byte[512]]);
        return this;
    }

    /// <summary>A subfolder without an entry assembly.</summary>
    public PluginFolder WithFolderWithoutEntry(string name)
    {
        var target = Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;
        File.WriteAllText(System.IO.Path.Combine(target, "readme.txt"), "not a plugin");
        return this;
    }

    /// <summary>A dll lying directly in the folder, which is not how plugins are laid out.</summary>
    public PluginFolder WithStrayFile(string name)
    {
        File.Copy(System.IO.Path.Combine(AppContext.BaseDirectory, "Bptl.SamplePlugin.dll"), System.IO.Path.Combine(Path, name));
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A loaded plugin's file may still be mapped; the temp folder is cleaned by the system.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
