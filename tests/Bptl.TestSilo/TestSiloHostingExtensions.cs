using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.TestSilo.WorkUnits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Bptl.TestSilo;

/// <summary>Turns a silo host into the cluster tests' silo.</summary>
public static class TestSiloHostingExtensions
{
    /// <summary>The work unit that completes at once.</summary>
    public const string Noop = "test.noop";

    /// <summary>The work unit that waits (honouring cancellation), then completes.</summary>
    public const string Slow = "test.slow";

    /// <summary>The work unit that never finishes by itself: it waits until cancelled.</summary>
    public const string Block = "test.block";

    /// <summary>
    /// Registers the test work units and one-line console logs (a test reads them: "joined the cluster" means the
    /// silo is up). Safe to call twice.
    /// </summary>
    public static IHostApplicationBuilder AddTestSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(InputWatch)))
        {
            return builder;
        }

        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
            console.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        var section = builder.Configuration.GetSection(TestSiloOptions.Section);
        services.AddOptions<TestSiloOptions>().Bind(section);
        services.AddWorkUnit<NoopWorkUnit>(Noop);
        services.AddWorkUnit<SlowWorkUnit>(Slow);
        services.AddWorkUnit<BlockWorkUnit>(Block);
        services.AddSingleton<InputWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<InputWatch>());
        return builder;
    }
}
