using Bptl.Sandbox.Engine;
using Bptl.Sandbox.Faults;
using Bptl.Sandbox.LongPolling;

namespace Bptl.Sandbox.Hosting;

/// <summary>The engine's parts, built once per host and shared by the endpoints.</summary>
internal sealed class SandboxServices : IAsyncDisposable
{
    public SandboxServices(SandboxOptions options, Microsoft.Extensions.Logging.ILoggerFactory loggerFactory)
    {
        Options = options;
        Context = new EngineContext(options.TimeProvider, options.TimeZone, loggerFactory);
        var runner = new ProcessRunner(Context);
        ExternalTasks = new ExternalTaskService(Context, runner);
        Runtime = new RuntimeService(Context, runner);
        Messages = new MessageService(Context, runner, Runtime);
        Repository = new RepositoryService(Context, runner);
        Faults = new SandboxFaults();
        Dispatcher = new FetchAndLockDispatcher(Context, ExternalTasks, options.FetchAndLockQueueCapacity, () => Faults.IsPaused);
        Calls = new SandboxCallCounters();
        Faults.Paused += Dispatcher.AbortAll;
    }

    public SandboxOptions Options { get; }

    public EngineContext Context { get; }

    public ExternalTaskService ExternalTasks { get; }

    public RuntimeService Runtime { get; }

    public RepositoryService Repository { get; }

    public MessageService Messages { get; }

    public FetchAndLockDispatcher Dispatcher { get; }

    public SandboxFaults Faults { get; }

    public SandboxCallCounters Calls { get; }

    public ValueTask DisposeAsync() => Dispatcher.DisposeAsync();
}
