using System.CommandLine;
using Bptl.Demo;

var rate = new Option<double>("--rate")
{
    Description = "Process instances started per second",
    HelpName = "per-second",
    DefaultValueFactory = _ => DemoOptions.DefaultRate,
};
rate.Validators.Add(result =>
{
    if (result.GetValueOrDefault<double>() is <= 0 or > 100)
    {
        result.AddError("--rate must be above 0 and at most 100.");
    }
});
var enginePort = new Option<int>("--engine-port")
{
    Description = "Port of the sandbox engine on 127.0.0.1; 0 picks a free one, and a busy port falls back to a free one",
    HelpName = "port",
    DefaultValueFactory = _ => DemoOptions.DefaultEnginePort,
};
var check = new Option<int?>("--check")
{
    Description = "Self-check: stop as soon as every path has shown up, or after this many seconds; exit 0 only if all did",
    HelpName = "seconds",
};
check.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int?>() is <= 0)
    {
        result.AddError("--check must be a positive number of seconds.");
    }
});
var siloLogs = new Option<bool>("--silo-logs") { Description = "Show the silos' information logs, not only their warnings and errors" };

var root = new RootCommand(
    "Bptl demo: a throwaway PostgreSQL, the sandbox engine and two silos running a demo process, with a live summary. Ctrl+C stops everything.")
{
    rate, enginePort, check, siloLogs,
};
root.SetAction((parse, _) => DemoApp.RunAsync(new DemoOptions
{
    Rate = parse.GetValue(rate),
    EnginePort = parse.GetValue(enginePort),
    CheckWithin = parse.GetValue(check) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
    SiloLogs = parse.GetValue(siloLogs),
}));

// The demo handles SIGINT and SIGTERM itself (StopSignal): its stop takes longer than the parser's 2 s allowance.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
