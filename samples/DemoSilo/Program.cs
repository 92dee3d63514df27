using Bptl.Demo.Silo;
using Bptl.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A silo is a Generic Host. AddBptlSilo() adds the grain runtime, configured from the Bptl section (appsettings.json,
// environment variables such as Bptl__Storage__ConnectionString, or command-line arguments); AddDemoWorkUnits()
// adds the work units the topics map to. Replace the second line with your own units to build your own silo.
var builder = Host.CreateApplicationBuilder(args);
builder.AddBptlSilo();
builder.AddDemoWorkUnits();
using var host = builder.Build();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
try
{
    await host.RunAsync();
}
catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
{
    // SIGTERM or Ctrl+C before the silo finished starting: the host gives up its start. A stop, not a failure.
}
