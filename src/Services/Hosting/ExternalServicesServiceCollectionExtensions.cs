using Bptl.Grains.Services;
using Bptl.Services.Hosting;
using Bptl.Services.Options;
using Bptl.Services.Runtime;
using Bptl.Services.Secrets;
using Bptl.Services.Store;
using Bptl.Storage.Schema;
using Bptl.Storage.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bptl.Services;

/// <summary>Registers external services. Both need an <see cref="Npgsql.NpgsqlDataSource"/> for the Bptl database in the container.</summary>
public static class ExternalServicesServiceCollectionExtensions
{
    /// <summary>
    /// Adds the store of external services (<see cref="ExternalServiceStore"/>) and the encryption of their
    /// secrets, configured from <c>Bptl:ExternalServices</c>: what an admin host needs. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddBptlExternalServiceStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ExternalServiceStore)))
        {
            return services;
        }

        services.AddOptions<ExternalServicesOptions>().BindConfiguration(ExternalServicesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExternalServicesOptions>, ExternalServicesOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ServiceRowStore>();
        services.TryAddSingleton<KeyRingStore>();
        services.TryAddSingleton<SecretProtector>();
        services.AddSingleton<ExternalServiceStore>();
        return services;
    }

    /// <summary>
    /// Gives work units the configured external services (<c>context.Services.Http(name)</c>) in place of none:
    /// services seeded from <c>Bptl:Services</c> at start, kept current in every silo, credentials chosen per
    /// application, every request authenticated and recorded on its task's timeline. Adds the store too. Safe to
    /// call twice.
    /// </summary>
    public static IServiceCollection AddBptlExternalServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddBptlExternalServiceStore();
        if (services.Any(d => d.ServiceType == typeof(ServiceRegistry)))
        {
            return services;
        }

        services.AddOptions<ExternalServiceSeedOptions>().BindConfiguration(ExternalServiceSeedOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExternalServiceSeedOptions>, ExternalServiceSeedOptionsValidator>();
        services.TryAddSingleton<Migrator>();
        services.AddSingleton<ServiceHttp>();
        services.AddSingleton<ServiceRegistry>();
        services.AddSingleton<ExternalServicesFactory>();
        services.RemoveAll<IExternalServicesFactory>();
        services.AddSingleton<IExternalServicesFactory>(sp => sp.GetRequiredService<ExternalServicesFactory>());
        services.AddSingleton<ExternalServicesRuntime>();
        services.AddHostedService(sp => sp.GetRequiredService<ExternalServicesRuntime>());
        return services;
    }
}
