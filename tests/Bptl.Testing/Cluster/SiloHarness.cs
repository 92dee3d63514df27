using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bptl.Testing.Cluster;

/// <summary>A real silo host in the test process: the same AddBptlSilo a deployment uses, configured in memory.</summary>
public sealed class SiloHarness : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private SiloHarness(IHost host, string name, LogCollector logs)
    {
        _host = host;
        Name = name;
        Logs = logs;
    }

    public string Name { get; }

    public LogCollector Logs { get; }

    public IServiceProvider Services => _host.Services;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>
    /// Starts a silo named <paramref name="name"/> with every scripted work unit of <paramref name="scripts"/>;
    /// <paramref name="services"/> adds to its services before the host is built (compiled-in work units, services),
    /// as a custom silo's Program.cs does.
    /// </summary>
    public static async Task<SiloHarness> StartAsync(string name, IDictionary<string, string?> configuration, WorkUnitScripts scripts,
        CancellationToken cancellationToken, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Configuration.AddInMemoryCollection([new("Bptl:Silo:Name", name)]);
        var logs = new LogCollector(name);
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug)
            .AddFilter("Npgsql", LogLevel.Warning)
            .AddFilter("System.Net.Http", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning);
        builder.AddBptlSilo();
        builder.Services.AddSingleton(scripts);
        foreach (var unit in scripts.Names)
        {
            builder.Services.AddWorkUnit<ScriptedWorkUnit>(unit, scripts.ContractOf(unit));
        }

        services?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new SiloHarness(host, name, logs);
    }

    /// <summary>A graceful stop, as on SIGTERM.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
