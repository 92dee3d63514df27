using System.CommandLine;
using Bptl.Sandbox.Hosting;
using Microsoft.Extensions.Logging;

var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one)", DefaultValueFactory = _ => 8080 };
var user = new Option<string?>("--user") { Description = "Basic-auth user name (requires --password)" };
var password = new Option<string?>("--password") { Description = "Basic-auth password" };
var deploy = new Option<string[]>("--deploy") { Description = "Folder whose *.bpmn files are deployed at start (repeatable)" };
var capacity = new Option<int>("--queue-capacity") { Description = "Long-poll queue capacity", DefaultValueFactory = _ => 200 };
var root = new RootCommand("Bptl sandbox engine: an in-memory, Camunda 7-compatible REST engine under /engine-rest")
{
    port, user, password, deploy, capacity,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var options = new SandboxOptions
    {
        Port = parse.GetValue(port),
        UserName = parse.GetValue(user),
        Password = parse.GetValue(password),
        FetchAndLockQueueCapacity = parse.GetValue(capacity),
        ConfigureLogging = logging => logging.AddSimpleConsole(o => o.SingleLine = true)
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("Microsoft.AspNetCore", LogLevel.Warning),
    };
    foreach (var folder in parse.GetValue(deploy) ?? [])
    {
        options.DeployFolders.Add(folder);
    }

    await using var engine = await SandboxEngineHost.StartAsync(options, cancellationToken);
    Console.WriteLine(engine.BaseAddress);
    await engine.WaitForShutdownAsync(cancellationToken);
    return 0;
});
return await root.Parse(args).InvokeAsync();
