using Bptl.Demo.Silo.Hosting;
using Bptl.Demo.Silo.WorkUnits;
using Bptl.Grains.Interfaces.WorkUnits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Bptl.Demo.Silo;

/// <summary>Registers the demo's work units.</summary>
public static class DemoSiloExtensions
{
    /// <summary>The work units of the demo process, by the names its topics map to. Safe to call twice.</summary>
    public static IHostApplicationBuilder AddDemoWorkUnits(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services
            .AddWorkUnit<ValidateOrder>(ValidateOrder.Name)
            .AddWorkUnit<ChargePayment>(ChargePayment.Name)
            .AddWorkUnit<PackParcel>(PackParcel.Name, PackParcel.Contract)
            .AddWorkUnit<SendNotification>(SendNotification.Name);

        // Started by the demo, the silo stops when the demo process is gone (killed before it could stop its silos).
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ParentProcessWatch>());
        return builder;
    }
}
