using Bptl.Grains.Interfaces.Services;
using Bptl.Grains.Services;
using Bptl.Services.Runtime;
using Bptl.Services.Store;
using Bptl.Testing.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bptl.Services.Tests.Support;

/// <summary>A host with external services on a test database, as a silo (or an admin) has them: one per "silo".</summary>
public sealed class ServicesHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ServicesHost(IHost host, LogCollector logs)
    {
        _host = host;
        Logs = logs;
    }

    public LogCollector Logs { get; }

    public ExternalServiceStore Store => _host.Services.GetRequiredService<ExternalServiceStore>();

    internal ServiceRegistry Registry => _host.Services.GetRequiredService<ServiceRegistry>();

    public IExternalServicesFactory Factory => _host.Services.GetRequiredService<IExternalServicesFactory>();

    /// <summary>One run's services, recording on <paramref name="timeline"/>.</summary>
    public IExternalServices Run(MemoryTaskTimeline timeline, string? appId = null) => Factory.Create(new ExternalServiceScope(appId, timeline));

    public static async Task<ServicesHost> StartAsync(string connectionString, IDictionary<string, string?> configuration, TimeProvider? time = null,
        string name = "host")
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(configuration);
        var logs = new LogCollector(name);
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug).AddFilter("Npgsql", LogLevel.Warning);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddBptlExternalServices();
        var host = builder.Build();
        try
        {
            await host.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ServicesHost(host, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
