using Bptl.Sandbox.Auth;
using Bptl.Sandbox.Faults;
using Bptl.Sandbox.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bptl.Sandbox.Hosting;

/// <summary>Registration of the sandbox engine in an ASP.NET Core application.</summary>
internal static class SandboxHostingExtensions
{
    /// <summary>Registers the engine; calling it twice keeps the first registration.</summary>
    public static IServiceCollection AddSandboxEngine(this IServiceCollection services, SandboxOptions options)
    {
        services.TryAddSingleton(options);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>());
        services.AddOptions<SandboxOptions>().Configure(o => Copy(options, o)).ValidateOnStart();
        services.TryAddSingleton(sp => new SandboxServices(options, sp.GetRequiredService<ILoggerFactory>()));
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        return services;
    }

    /// <summary>Adds the middleware and maps the REST API and the control API.</summary>
    public static WebApplication UseSandboxEngine(this WebApplication app)
    {
        var services = app.Services.GetRequiredService<SandboxServices>();
        var options = services.Options;
        app.Lifetime.ApplicationStopping.Register(services.Dispatcher.RejectAll);
        app.Use((context, next) => SandboxMiddleware.Outage(context, next, services));
        app.Use(SandboxMiddleware.EngineAlias);
        if (options.RequiresAuthentication)
        {
            var authentication = new BasicAuthentication(options.UserName!, options.Password!);
            app.Use((context, next) => SandboxMiddleware.Authenticate(context, next, authentication));
        }

        app.UseRouting();
        var pipeline = new EndpointPipeline(app, services, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<EndpointPipeline>());
        ExternalTaskEndpoints.Map(pipeline);
        ProcessEndpoints.Map(pipeline);
        ProcessInstanceEndpoints.Map(pipeline);
        HistoryEndpoints.Map(pipeline);
        MessageEndpoints.Map(pipeline);
        FaultControlEndpoints.Map(app, services);
        app.MapFallback(SandboxMiddleware.NotFound);
        return app;
    }

    private static void Copy(SandboxOptions source, SandboxOptions target)
    {
        target.Port = source.Port;
        target.UserName = source.UserName;
        target.Password = source.Password;
        target.FetchAndLockQueueCapacity = source.FetchAndLockQueueCapacity;
        target.TimeProvider = source.TimeProvider;
        target.TimeZone = source.TimeZone;
        target.ConfigureLogging = source.ConfigureLogging;
        target.DeployFolders.Clear();
        foreach (var folder in source.DeployFolders)
        {
            target.DeployFolders.Add(folder);
        }
    }
}
