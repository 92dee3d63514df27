using Bptl.Grains.Engines;
using Bptl.Grains.Interfaces.WorkUnits;

namespace Bptl.BuiltIns.Templates;

/// <summary>Which engine a built-in talks to: the <c>engine</c> input, else the calling task's, else <c>default</c>.</summary>
internal static class EngineChoice
{
    public const string Default = "default";

    public static string Of(WorkUnitContext context, IEngineClients engines)
    {
        if (context.GetOrDefault<string?>("engine", null) is { Length: > 0 } named)
        {
            return engines.Has(named) ? named : throw new ArgumentException($"The engine '{named}' is not configured.");
        }

        // Direct executions and cron ticks have no engine task: they use the engine named "default".
        return engines.Has(context.Engine) ? context.Engine : Default;
    }
}
