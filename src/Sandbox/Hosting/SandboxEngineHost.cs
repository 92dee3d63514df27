using System.Net;
using Bptl.Sandbox.Engine;
using Bptl.Sandbox.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bptl.Sandbox.Hosting;

/// <summary>
/// An in-memory, Camunda 7-compatible REST engine on a real Kestrel server bound to 127.0.0.1.
/// <code>
/// await using var engine = await SandboxEngineHost.StartAsync(new SandboxOptions(), ct);
/// var client = new HttpClient { BaseAddress = engine.BaseAddress }; // http://127.0.0.1:PORT/engine-rest/
/// </code>
/// Disposing stops it: pending long polls get Camunda's shutdown error first.
/// </summary>
public sealed partial class SandboxEngineHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxServices _services;
    private int _stopped;

    private SandboxEngineHost(WebApplication app, SandboxServices services, int port)
    {
        _app = app;
        _services = services;
        Port = port;
        RootAddress = new Uri("http://127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/");
        BaseAddress = new Uri(RootAddress, "engine-rest/");
        ControlAddress = new Uri(RootAddress, "sandbox-control/");
    }

    /// <summary>The REST API, with a trailing slash: <c>http://127.0.0.1:PORT/engine-rest/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The server root: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri RootAddress { get; }

    /// <summary>The fault-injection API over HTTP: <c>http://127.0.0.1:PORT/sandbox-control/</c>.</summary>
    public Uri ControlAddress { get; }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Fault injection: failures, delays, dropped connections, pause and resume.</summary>
    public SandboxFaults Faults => _services.Faults;

    /// <summary>Calls received per endpoint.</summary>
    public SandboxCallCounters Calls => _services.Calls;

    /// <summary>The number of fetchAndLock long polls waiting for tasks.</summary>
    public int PendingFetchAndLockCount => _services.Dispatcher.PendingCount;

    /// <summary>Starts a host and returns once it accepts requests.</summary>
    public static async Task<SandboxEngineHost> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        var validation = new SandboxOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(SandboxOptions), typeof(SandboxOptions), validation.Failures);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxEngineHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.AddSandboxEngine(options);
        var app = builder.Build();
        app.UseSandboxEngine();
        var services = app.Services.GetRequiredService<SandboxServices>();
        foreach (var folder in options.DeployFolders)
        {
            var count = FolderDeployment.Deploy(services.Repository, folder);
            LogDeployed(app.Logger, count, folder);
        }

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new SandboxEngineHost(app, services, new Uri(address).Port);
        LogListening(app.Logger, host.BaseAddress);
        return host;
    }

    /// <summary>Completes when at least <paramref name="count"/> fetchAndLock requests are waiting (for tests).</summary>
    public Task WaitForPendingFetchAndLockAsync(int count, CancellationToken cancellationToken = default) =>
        _services.Dispatcher.WaitForPendingAsync(pending => pending >= count, cancellationToken);

    /// <summary>Completes once the number of waiting fetchAndLock requests satisfies <paramref name="condition"/> (for tests).</summary>
    public Task WaitForPendingFetchAndLockAsync(Func<int, bool> condition, CancellationToken cancellationToken = default) =>
        _services.Dispatcher.WaitForPendingAsync(condition, cancellationToken);

    /// <summary>Waits until the application is asked to stop (Ctrl+C in the standalone engine).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server: pending long polls get 500 "Request rejected due to shutdown of application server.".</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _services.Dispatcher.RejectAll();
            await _app.StopAsync(cancellationToken);
        }
    }

    /// <summary>Stops the server and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);

        // The DI container owns the engine services and disposes them with the application.
        await _app.DisposeAsync();
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Sandbox engine listening on {BaseAddress}")]
    private static partial void LogListening(ILogger logger, Uri baseAddress);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Deployed {Count} process definitions from {Folder}")]
    private static partial void LogDeployed(ILogger logger, int count, string folder);
}

/// <summary>Deploys the BPMN files of a folder as one deployment named after it.</summary>
internal static class FolderDeployment
{
    public static int Deploy(RepositoryService repository, string folder)
    {
        var resources = Directory.EnumerateFiles(folder)
            .Where(RepositoryService.IsBpmnResource)
            .Order(StringComparer.Ordinal)
            .Select(path => new DeploymentResource(Path.GetFileName(path), File.ReadAllBytes(path)))
            .ToList();
        if (resources.Count == 0)
        {
            return 0;
        }

        var request = new DeploymentRequest(Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)), "sandbox --deploy", null, false, false, resources);
        return repository.Deploy(request, "http://127.0.0.1/engine-rest").DeployedProcessDefinitions?.Count ?? 0;
    }
}
