using Bptl.BuiltIns.Hosting;
using Bptl.Camunda;
using Bptl.Grains;
using Bptl.Grains.Callbacks;
using Bptl.Grains.Engines;
using Bptl.Grains.Execution;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Persistence;
using Bptl.Grains.Services;
using Bptl.Grains.Tasks;
using Bptl.Grains.Topics;
using Bptl.Services;
using Bptl.Silo.Claims;
using Bptl.Silo.Cron;
using Bptl.Silo.Engines;
using Bptl.Silo.Leases;
using Bptl.Silo.Maintenance;
using Bptl.Silo.Membership;
using Bptl.Silo.Options;
using Bptl.Silo.Plugins;
using Bptl.Silo.Topics;
using Bptl.Storage.Cron;
using Bptl.Storage.Leases;
using Bptl.Storage.Maintenance;
using Bptl.Storage.Notifications;
using Bptl.Storage.Schema;
using Bptl.Storage.Silos;
using Bptl.Storage.Tasks;
using Bptl.Storage.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bptl.Silo.Hosting;

/// <summary>Turns a host into a Bptl silo.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// Adds the silo, configured from the <c>Bptl</c> section (validated at start; every problem is reported at once).
    /// Register work units with <c>AddWorkUnit</c>; the built-in ones (<c>bptl.start-process</c>, <c>bptl.http</c>,
    /// <c>bptl.send-mail</c>...) are always there. Safe to call twice.
    /// </summary>
    public static IHostApplicationBuilder AddBptlSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(SiloRuntime)))
        {
            return builder;
        }

        var section = builder.Configuration.GetSection(BptlOptions.Section);
        services.AddOptions<BptlOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BptlOptions>, BptlOptionsValidator>();
        services.AddOptions<HostOptions>().Configure<IOptions<BptlOptions>>((host, bptl) =>
            host.ShutdownTimeout = bptl.Value.Silo.ShutdownTimeout + TimeSpan.FromSeconds(20));
        foreach (var engine in section.GetSection("Engines").GetChildren())
        {
            services.AddCamundaClient(engine.Key, engine.Bind);
        }

        services.AddBptlBuiltInWorkUnits();
        services.TryAddSingleton(TimeProvider.System);
        AddPlugins(builder, section);
        AddStorage(services);
        services.AddBptlExternalServices();
        AddGrains(services);
        AddRuntime(services);
        return builder;
    }

    /// <summary>Plugins register services, so they load now, while the service collection is still open.</summary>
    private static void AddPlugins(IHostApplicationBuilder builder, IConfigurationSection section)
    {
        var configured = section.GetSection("Silo")[nameof(SiloOptions.PluginFolder)];
        var folder = string.IsNullOrWhiteSpace(configured) ? null : Path.GetFullPath(configured, builder.Environment.ContentRootPath);
        builder.Services.AddOptions<BptlOptions>().PostConfigure(options => options.Silo.PluginFolder = folder);
        builder.Services.AddSingleton(PluginLoader.Load(folder, builder.Services));
    }

    private static void AddStorage(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var bptl = sp.GetRequiredService<IOptions<BptlOptions>>().Value;
            var data = new NpgsqlDataSourceBuilder(bptl.Storage.ConnectionString);
            data.ConnectionStringBuilder.ApplicationName ??= "bptl-silo " + bptl.Silo.Name;
            data.ConnectionStringBuilder.KeepAlive = Math.Max(data.ConnectionStringBuilder.KeepAlive, 15);
            data.UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            return data.Build();
        });
        services.AddSingleton<PgTaskStore>();
        services.AddSingleton<ITaskStore>(sp => sp.GetRequiredService<PgTaskStore>());
        services.AddSingleton<Migrator>();
        services.AddSingleton<SiloStore>();
        services.AddSingleton<TopicStore>();
        services.AddSingleton<Bptl.Storage.WorkUnits.WorkUnitStore>();
        services.AddSingleton<LeaseStore>();
        services.AddSingleton<LeaderStore>();
        services.AddSingleton<MaintenanceStore>();
        services.AddSingleton<CronStore>();
        services.AddSingleton<NotificationListener>();
    }

    private static void AddGrains(IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<BptlOptions>>().Value.Grains);
        services.AddSingleton(sp => WorkUnitCatalogFactory.Create(sp.GetServices<WorkUnitRegistration>(), sp.GetServices<PluginWorkUnit>(),
            sp.GetRequiredService<PluginLoadReport>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Bptl.Silo.Plugins")));
        services.AddSingleton<TopicRegistry>();
        services.AddSingleton<ITopicSettingsSource>(sp => sp.GetRequiredService<TopicRegistry>());
        services.AddSingleton(sp => new SiloIdentity(sp.GetRequiredService<IOptions<BptlOptions>>().Value.Silo.Name));
        services.AddSingleton<ISiloIdentity>(sp => sp.GetRequiredService<SiloIdentity>());
        services.AddSingleton(sp => new EngineClients(sp.GetRequiredService<CamundaClientFactory>(),
            [.. sp.GetRequiredService<IOptions<BptlOptions>>().Value.Engines.Keys]));
        services.AddSingleton<IEngineClients>(sp => sp.GetRequiredService<EngineClients>());
        services.AddSingleton<OutcomeReporter>();
        services.AddSingleton<CompletionCallbacks>();
        services.AddHttpClient(CompletionCallbacks.HttpClientName);
        services.AddSingleton<TaskGrainServices>();
        services.TryAddSingleton<IExternalServicesFactory, NoExternalServicesFactory>();
        services.AddSingleton<WorkUnitExecutor>();
        services.AddSingleton<TopicPollerServices>();
    }

    private static void AddRuntime(IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<BptlOptions>>().Value.Silo);
        services.AddSingleton(sp =>
        {
            var silo = sp.GetRequiredService<SiloOptions>();
            return new SiloEligibility(silo.Group, sp.GetRequiredService<WorkUnitCatalog>().Names, [.. silo.Topics]);
        });
        services.AddSingleton(sp => new SlotPool(sp.GetRequiredService<SiloOptions>().MaxConcurrency));
        services.AddSingleton<ClusterView>();
        services.AddSingleton<IFetchCapacity>(sp => new FetchCapacity(
            sp.GetRequiredService<SlotPool>(),
            sp.GetRequiredService<ClusterView>(),
            sp.GetRequiredService<TopicRegistry>(),
            sp.GetRequiredService<SiloEligibility>(),
            sp.GetRequiredService<SiloIdentity>(),
            () => sp.GetRequiredService<LeaseManager>().PollerCount,
            sp.GetRequiredService<SiloOptions>().HeartbeatInterval,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ActivationScheduler>();
        services.AddSingleton<IActivationScheduler>(sp => sp.GetRequiredService<ActivationScheduler>());
        services.AddSingleton(sp => new Dispatcher(
            sp.GetRequiredService<ITaskStore>(),
            sp.GetRequiredService<SlotPool>(),
            sp.GetRequiredService<ClusterView>(),
            sp.GetRequiredService<TopicRegistry>(),
            sp.GetRequiredService<SiloEligibility>(),
            sp.GetRequiredService<SiloIdentity>(),
            sp.GetRequiredService<ActivationScheduler>(),
            sp.GetRequiredService<GrainRuntimeOptions>(),
            sp.GetRequiredService<SiloOptions>().DispatchInterval,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Dispatcher>>()));
        services.AddSingleton<LeaseManager>();
        services.AddSingleton<MembershipLoop>();
        services.AddSingleton<MaintenanceLoop>();
        services.AddSingleton(sp => new CronScheduler(
            sp.GetRequiredService<CronStore>(),
            sp.GetRequiredService<WorkUnitCatalog>(),
            sp.GetRequiredService<WorkUnitExecutor>(),
            sp.GetRequiredService<SiloIdentity>(),
            sp.GetRequiredService<IOptions<BptlOptions>>().Value.Cron,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CronScheduler>>()));
        services.AddSingleton<Health.SiloHealth>();
        services.AddSingleton<SiloRuntime>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloRuntime>());
        services.AddSingleton<Health.HealthRoutes>();
        services.AddSingleton<Api.DirectExecutionEndpoint>();
        services.AddSingleton<Http.SiloHttpServer>();
        services.AddHostedService(sp => sp.GetRequiredService<Http.SiloHttpServer>());
    }
}
