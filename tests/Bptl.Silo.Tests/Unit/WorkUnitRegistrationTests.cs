using System.Reflection;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.SamplePlugin;
using Bptl.Silo.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Bptl.Silo.Tests.Unit;

public sealed class WorkUnitRegistrationTests
{
    [Fact]
    public void AddWorkUnitsFrom_RegistersMarkedClassesWithTheirContract_AndRunsEntryPoints()
    {
        var services = new ServiceCollection().AddWorkUnitsFrom(typeof(Greet).Assembly).AddWorkUnitsFrom(typeof(Greet).Assembly);

        var registrations = services.Where(d => d.ServiceType == typeof(WorkUnitRegistration))
            .Select(d => (WorkUnitRegistration)d.ImplementationInstance!).OrderBy(r => r.Name).ToList();
        registrations.Select(r => r.Name).ShouldBe([Farewell.Name, Greet.Name]);
        registrations[1].Contract.Description.ShouldBe("Greets someone by name");
        registrations[1].Contract.Inputs.Single(i => i.Name == "salutation").Default!.Value.ShouldBe("Hello");
        registrations[0].Contract.Outputs.Single().Name.ShouldBe("farewell");
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<Farewell>().ShouldNotBeNull();
    }

    [Fact]
    public void AddWorkUnit_TakesTheStaticContract_AsAMethodGroup()
    {
        var services = new ServiceCollection().AddWorkUnit<Greet>("hello", Greet.DeclareContract);

        var registration = (WorkUnitRegistration)services.Single(d => d.ServiceType == typeof(WorkUnitRegistration)).ImplementationInstance!;
        registration.Contract.Inputs.Select(i => i.Name).ShouldBe(["name", "salutation"]);
    }

    [Fact]
    public void AddWorkUnit_ByType_RefusesWhatIsNotAWorkUnit()
    {
        var error = Should.Throw<ArgumentException>(() => new ServiceCollection().AddWorkUnit(typeof(string), "text"));

        error.Message.ShouldContain("System.String cannot be a work unit: it must be a non-abstract, non-generic class implementing IWorkUnit");
    }

    [Theory]
    [InlineData("Bptl.Grains.Interfaces", true)]
    [InlineData("Bptl.Variables", true)]
    [InlineData("System.Runtime", true)]
    [InlineData("Microsoft.Extensions.DependencyInjection.Abstractions", true)]
    [InlineData("Bptl.SamplePlugin", false)]
    [InlineData("Npgsql", false)]
    public void PluginLoadContext_SharesTheSdkAndTheFramework_Only(string assembly, bool shared) =>
        PluginLoadContext.IsShared(new AssemblyName(assembly)).ShouldBe(shared);

    [Fact]
    public void PluginLoader_WithoutAFolder_LoadsNothing()
    {
        var report = PluginLoader.Load(null, new ServiceCollection());

        report.Folder.ShouldBeNull();
        report.Loaded.ShouldBeEmpty();
        report.Failed.ShouldBeEmpty();
    }
}
