using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Variables;
using Microsoft.Extensions.DependencyInjection;

namespace Bptl.SamplePlugin;

/// <summary>The plugin's entry point: registers a work unit with a service of its own.</summary>
public sealed class SamplePluginEntry : IWorkUnitPlugin
{
    public void Register(IServiceCollection services) => services
        .AddSingleton<FarewellPhrases>()
        .AddWorkUnit<Farewell>(Farewell.Name, contract => contract
            .RequiredInput<string>("name")
            .Output<string>("farewell", required: true));
}

/// <summary>A service only the plugin knows.</summary>
public sealed class FarewellPhrases
{
    public string For(string name) => $"Goodbye {name}.";
}

/// <summary>Says goodbye with the plugin's own service.</summary>
public sealed class Farewell(FarewellPhrases phrases) : IWorkUnit
{
    public const string Name = "farewell";

    public Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult<WorkUnitResult>(WorkUnitResult.Complete(new VariableMap { ["farewell"] = phrases.For(context.Get<string>("name")) }));
    }
}
