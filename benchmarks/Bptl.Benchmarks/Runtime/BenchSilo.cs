using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bptl.Benchmarks.Runtime;

/// <summary>A topic as the benchmark configures it.</summary>
internal sealed record BenchTopic(string Topic, string WorkUnit, bool Enabled, int MaxTasksPerFetch, int Concurrency);

/// <summary>
/// A real silo host, built the way a deployment builds one (<c>AddBptlSilo</c>, <c>AddWorkUnit</c>), configured in
/// memory with the production default timings. It logs warnings and errors to the console only.
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host) => _host = host;

    /// <summary>The configuration of a silo named <paramref name="name"/> with <paramref name="slots"/> slots serving <paramref name="topics"/>.</summary>
    public static Dictionary<string, string?> Configuration(string name, string connectionString, Uri engine, int slots, IEnumerable<BenchTopic> topics)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Bptl:Silo:Name"] = name,
            ["Bptl:Silo:MaxConcurrency"] = slots.ToString(CultureInfo.InvariantCulture),
            ["Bptl:Storage:ConnectionString"] = connectionString,
            ["Bptl:Engines:default:BaseAddress"] = engine.ToString(),
        };
        var i = 0;
        foreach (var topic in topics)
        {
            var prefix = $"Bptl:Topics:{i++.ToString(CultureInfo.InvariantCulture)}:";
            configuration[prefix + "Topic"] = topic.Topic;
            configuration[prefix + "WorkUnit"] = topic.WorkUnit;
            configuration[prefix + "Enabled"] = topic.Enabled ? "true" : "false";
            configuration[prefix + "MaxTasksPerFetch"] = topic.MaxTasksPerFetch.ToString(CultureInfo.InvariantCulture);
            configuration[prefix + "Concurrency"] = topic.Concurrency.ToString(CultureInfo.InvariantCulture);
        }

        return configuration;
    }

    /// <summary>
    /// Builds and starts a silo. With a <paramref name="probe"/>, its engine client reports the fetches it sends and
    /// the completes the engine acknowledged, which is how a phase times itself from first fetch to last completion.
    /// </summary>
    public static async Task<BenchSilo> StartAsync(IDictionary<string, string?> configuration, RunProbe? probe, StartRecorder? recorder,
        CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.AddBptlSilo();
        builder.Services.AddSingleton(recorder ?? new StartRecorder());
        builder.Services.AddWorkUnit<NoopWorkUnit>(NoopWorkUnit.Name);
        builder.Services.AddWorkUnit<RecordingWorkUnit>(RecordingWorkUnit.Name);
        if (probe is not null)
        {
            builder.Services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new ProbeHandler(probe)));
        }

        var host = builder.Build();
        await host.StartAsync(ct);
        return new BenchSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}

/// <summary>Completes at once: the runtime's own cost is all that is left to measure.</summary>
public sealed class NoopWorkUnit : IWorkUnit
{
    public const string Name = "bench-noop";
    private static readonly Task<WorkUnitResult> Done = Task.FromResult<WorkUnitResult>(WorkUnitResult.Complete());

    public Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken) => Done;
}

/// <summary>Records when it started (by process instance), then completes.</summary>
public sealed class RecordingWorkUnit(StartRecorder recorder) : IWorkUnit
{
    public const string Name = "bench-record";
    private static readonly Task<WorkUnitResult> Done = Task.FromResult<WorkUnitResult>(WorkUnitResult.Complete());

    public Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        recorder.Record(context.ProcessInstanceId ?? context.TaskId, DateTimeOffset.UtcNow);
        return Done;
    }
}

/// <summary>When each work unit started, by process instance.</summary>
public sealed class StartRecorder
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _starts = new(StringComparer.Ordinal);

    public int Count => _starts.Count;

    public void Record(string instance, DateTimeOffset at) => _starts.TryAdd(instance, at);

    public bool TryGet(string instance, out DateTimeOffset at) => _starts.TryGetValue(instance, out at);
}

/// <summary>
/// Times a silo phase as the engine client sees it: the first fetchAndLock sent after <see cref="Arm"/>, and the
/// acknowledgement of the expected number of completes.
/// </summary>
internal sealed class RunProbe
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _firstFetch;
    private long _lastComplete;
    private long _completed;
    private long _expected = long.MaxValue;

    public Task Done => _done.Task;

    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>From the first fetch sent to the last complete acknowledged.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Interlocked.Read(ref _firstFetch), Interlocked.Read(ref _lastComplete));

    public void Arm(long expected) => Interlocked.Exchange(ref _expected, expected);

    public void FetchSent()
    {
        if (Interlocked.Read(ref _expected) != long.MaxValue)
        {
            Interlocked.CompareExchange(ref _firstFetch, Stopwatch.GetTimestamp(), 0);
        }
    }

    public void CompleteAcknowledged()
    {
        if (Interlocked.Read(ref _expected) != long.MaxValue && Interlocked.Increment(ref _completed) == Interlocked.Read(ref _expected))
        {
            Interlocked.Exchange(ref _lastComplete, Stopwatch.GetTimestamp());
            _done.TrySetResult();
        }
    }
}

/// <summary>The outermost handler of a silo's engine client: tells the probe about fetches and acknowledged completes.</summary>
internal sealed class ProbeHandler(RunProbe probe) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        var fetch = path.EndsWith("/external-task/fetchAndLock", StringComparison.Ordinal);
        if (fetch)
        {
            probe.FetchSent();
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (!fetch && response.IsSuccessStatusCode && path.EndsWith("/complete", StringComparison.Ordinal))
        {
            probe.CompleteAcknowledged();
        }

        return response;
    }
}
