using System.Runtime.Loader;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Tasks;
using Bptl.SamplePlugin;
using Bptl.Silo.Plugins;
using Bptl.Storage.Silos;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Bptl.Variables;
using Microsoft.Extensions.Logging;

namespace Bptl.Silo.Tests.WorkUnits;

public sealed class PluginTests(PostgresFixture postgres)
{
    /// <summary>The work units every silo ships.</summary>
    private static readonly string[] BuiltIns = ["bptl.correlate-message", "bptl.http", "bptl.send-mail", "bptl.start-process"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PluginFromTheFolder_RunsItsWorkUnits_AndTheSiloAdvertisesThem()
    {
        using var plugins = new PluginFolder().WithSamplePlugin();
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("greeting", Greet.Name).Topic("leaving", Farewell.Name);
        await scenario.DeployAsync("greeting", Bpmn.OneTask("greeting", "greeting"));
        await scenario.DeployAsync("leaving", Bpmn.OneTask("leaving", "leaving"));
        var silo = await scenario.StartSiloAsync("s1", ("Bptl:Silo:PluginFolder", plugins.Path));

        await scenario.StartInstanceAsync("greeting", new VariableMap { ["name"] = "Ada" });
        await scenario.StartInstanceAsync("leaving", new VariableMap { ["name"] = "Grace" });

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 2, TimeSpan.FromSeconds(30),
            "both plugin work units completed their tasks", scenario.Dump);
        (await scenario.ScalarAsync<string>("SELECT outcome::text FROM bptl_task WHERE topic = 'greeting'")).ShouldContain("Hello Ada!");
        (await scenario.ScalarAsync<string>("SELECT outcome::text FROM bptl_task WHERE topic = 'leaving'")).ShouldContain("Goodbye Grace.");

        // Loaded in its own context, yet its IWorkUnit is the host's: the copies of the SDK it ships are not used.
        var greet = silo.Get<WorkUnitCatalog>().Find(Greet.Name)!;
        var context = AssemblyLoadContext.GetLoadContext(greet.Type.Assembly)!;
        context.ShouldNotBe(AssemblyLoadContext.Default);
        context.Name.ShouldBe("bptl-plugin:Bptl.SamplePlugin");
        AssemblyLoadContext.GetLoadContext(greet.Type.GetInterfaces().Single(i => i.Name == nameof(IWorkUnit)).Assembly).ShouldBe(AssemblyLoadContext.Default);
        greet.Contract.Inputs.Select(i => i.Name).ShouldBe(["name", "salutation"]);

        var report = silo.Get<PluginLoadReport>();
        report.Failed.ShouldBeEmpty();
        report.Loaded.Single().WorkUnits.ShouldBe([Farewell.Name, Greet.Name], ignoreOrder: true);
        var advertised = (await silo.Get<SiloStore>().AllAsync(Ct)).Single().WorkUnits;
        advertised.ShouldBe([.. BuiltIns, Farewell.Name, Greet.Name]);
        silo.Logs.Contains(LogLevel.Information, "Plugin Bptl.SamplePlugin loaded").ShouldBeTrue();
    }

    [Fact]
    public async Task ThePluginCompiledIntoACustomSilo_RunsTheSame()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("greeting", Greet.Name, ("ContractErrorCode", "BAD_INPUT"));
        await scenario.DeployAsync("greeting", Bpmn.WithErrorBoundary("greeting", "greeting", "BAD_INPUT", "fix-input"));
        // What a custom silo's Program.cs does with a plugin project it references.
        var silo = await scenario.StartSiloAsync("custom", new WorkUnitScripts(), services => services.AddWorkUnitsFrom(typeof(Greet).Assembly));

        await scenario.StartInstanceAsync("greeting", new VariableMap { ["name"] = "Ada", ["salutation"] = "Welcome" });
        await scenario.StartInstanceAsync("greeting", new VariableMap { ["nameTypo"] = "Ada" });

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1 && await scenario.CountTasksAsync("bpmn_error") == 1,
            TimeSpan.FromSeconds(30), "one task completed and the one breaking the contract raised its BPMN error", scenario.Dump);
        (await scenario.ScalarAsync<string>("SELECT outcome::text FROM bptl_task WHERE state = 'completed'")).ShouldContain("Welcome Ada!");
        (await scenario.ScalarAsync<string>("SELECT outcome->>'errorMessage' FROM bptl_task WHERE state = 'bpmn_error'"))
            .ShouldContain("the required input 'name' (String) is missing");
        silo.Get<WorkUnitCatalog>().Find(Greet.Name)!.Type.ShouldBe(typeof(Greet));
        silo.Get<WorkUnitCatalog>().Names.ShouldBe([.. BuiltIns, Farewell.Name, Greet.Name]);
    }

    [Fact]
    public async Task BrokenPlugins_AreLoggedAndSkipped_AndTheSiloServesTheRest()
    {
        using var plugins = new PluginFolder()
            .WithCorruptPlugin("A.Corrupt")
            .WithFolderWithoutEntry("B.NoEntry")
            .WithSamplePlugin()
            .WithSamplePlugin("C.Duplicate")
            .WithStrayFile("stray.dll");
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("greeting", Greet.Name);
        await scenario.DeployAsync("greeting", Bpmn.OneTask("greeting", "greeting"));

        var silo = await scenario.StartSiloAsync("s1", ("Bptl:Silo:PluginFolder", plugins.Path));
        await scenario.StartInstanceAsync("greeting", new VariableMap { ["name"] = "Ada" });

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(30),
            "the good plugin's work unit completed its task", scenario.Dump);
        var report = silo.Get<PluginLoadReport>();
        report.Loaded.Select(p => p.Name).ShouldBe(["Bptl.SamplePlugin"]);
        report.Failed.Select(p => p.Name).ShouldBe(["A.Corrupt", "B.NoEntry", "C.Duplicate"]);
        var errors = silo.Logs.Dump(LogLevel.Error);
        errors.ShouldContain("Plugin A.Corrupt");
        errors.ShouldContain("is not a valid .NET assembly");
        errors.ShouldContain("the folder has no B.NoEntry.dll");
        errors.ShouldContain("Plugin C.Duplicate");
        errors.ShouldContain("clashes with the one of plugin 'Bptl.SamplePlugin' (Bptl.SamplePlugin.Greet)");
        silo.Logs.Contains(LogLevel.Warning, "stray.dll lies directly in the plugin folder and is ignored").ShouldBeTrue();
    }

    [Fact]
    public async Task APluginNamingACompiledWorkUnit_IsSkipped_AndTheErrorNamesBoth()
    {
        using var plugins = new PluginFolder().WithSamplePlugin();
        await using var scenario = await Scenario.CreateAsync(postgres);
        scenario.Topic("greeting", Greet.Name);
        scenario.Scripts.Add(Greet.Name, _ => WorkUnitResult.Complete(new VariableMap { ["greeting"] = "compiled" }));
        await scenario.DeployAsync("greeting", Bpmn.OneTask("greeting", "greeting"));

        var silo = await scenario.StartSiloAsync("s1", ("Bptl:Silo:PluginFolder", plugins.Path));
        await scenario.StartInstanceAsync("greeting", new VariableMap { ["name"] = "Ada" });

        await Eventually.TrueAsync(async () => await scenario.CountTasksAsync("completed") == 1, TimeSpan.FromSeconds(30),
            "the compiled work unit completed the task", scenario.Dump);
        (await scenario.ScalarAsync<string>("SELECT outcome::text FROM bptl_task")).ShouldContain("compiled");
        silo.Get<WorkUnitCatalog>().Names.ShouldBe([.. BuiltIns, Greet.Name]);
        silo.Logs.Dump(LogLevel.Error).ShouldContain(
            "its work unit 'greet' (Bptl.SamplePlugin.Greet) clashes with the compiled work unit of that name (Bptl.Testing.Cluster.ScriptedWorkUnit)");
    }

    [Fact]
    public async Task APluginFolderThatDoesNotExist_StopsTheStartWithAClearError()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var missing = Path.Combine(Path.GetTempPath(), "bptl-no-such-plugins-" + Guid.NewGuid().ToString("N"));

        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => scenario.StartSiloAsync("s1", ("Bptl:Silo:PluginFolder", missing)));

        error.Message.ShouldContain($"Bptl:Silo:PluginFolder '{missing}' is not an existing folder");
    }
}
