using System.CommandLine;
using Bptl.Benchmarks;
using Bptl.Benchmarks.Runtime;

var root = new RootCommand("Bptl benchmarks; record figures in docs/benchmarks.md");
root.Subcommands.Add(SandboxThroughputCommand.Create());
root.Subcommands.Add(RuntimeCommand.Create());
root.Subcommands.Add(IdleSiloCommand.Create());
return await root.Parse(args).InvokeAsync();
