using System.CommandLine;
using Bptl.Benchmarks;

var root = new RootCommand("Bptl benchmarks; record figures in docs/benchmarks.md");
root.Subcommands.Add(SandboxThroughputCommand.Create());
return await root.Parse(args).InvokeAsync();
