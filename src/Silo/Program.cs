using Bptl.Silo.Hosting;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddBptlSilo();
using var host = builder.Build();
await host.RunAsync();
