using Bptl.Silo.Hosting;
using Bptl.TestSilo;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddBptlSilo();
builder.AddTestSilo();
using var host = builder.Build();
await host.RunAsync();
