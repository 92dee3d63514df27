using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bptl.Sandbox.Faults;
using Bptl.Sandbox.Hosting;

namespace Bptl.Benchmarks;

/// <summary>
/// The sandbox throughput benchmark. Everything goes over loopback HTTP with a raw HttpClient:
/// deploy, start the instances, then several workers each loop fetchAndLock(maxTasks) and
/// complete the batch with a bounded number of completes in flight.
/// </summary>
internal static class SandboxThroughput
{
    private const string Topic = "bench";

    private const string Bpmn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="bench-defs" targetNamespace="http://bptl.dev/bench">
          <bpmn:process id="bench" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="toTask" sourceRef="start" targetRef="work" />
            <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="bench" />
            <bpmn:sequenceFlow id="toEnd" sourceRef="work" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public sealed record Settings(int Instances, int Workers, int Concurrency, int MaxTasks, int Warmup, Uri? EngineUrl = null);

    public sealed record Result(long Completions, TimeSpan Elapsed, double CompletionsPerSecond);

    public static async Task<Result> RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        await using var engine = settings.EngineUrl is null ? await SandboxEngineHost.StartAsync(new SandboxOptions(), cancellationToken) : null;
        using var client = CreateClient(engine?.BaseAddress ?? settings.EngineUrl!, settings);
        await DeployAsync(client, cancellationToken);

        output.WriteLine($"warm-up: {settings.Warmup} instances");
        await StartInstancesAsync(client, settings.Warmup, cancellationToken);
        await DrainAsync(client, settings, settings.Warmup, cancellationToken);

        output.WriteLine($"starting {settings.Instances} instances");
        var startWatch = Stopwatch.StartNew();
        await StartInstancesAsync(client, settings.Instances, cancellationToken);
        output.WriteLine($"started in {startWatch.Elapsed.TotalSeconds:F1} s ({settings.Instances / startWatch.Elapsed.TotalSeconds:F0} starts/s)");

        engine?.Calls.Reset();
        var gcBefore = GC.CollectionCount(0);
        var watch = Stopwatch.StartNew();
        var completed = await DrainAsync(client, settings, settings.Instances, cancellationToken);
        watch.Stop();
        var perSecond = completed / watch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"completed {completed} tasks in {watch.Elapsed.TotalSeconds:F2} s: {perSecond:F0} completions/s"));
        output.WriteLine($"workers {settings.Workers}, completes in flight per worker {settings.Concurrency}, maxTasks {settings.MaxTasks}, "
            + (engine is null ? string.Empty : $"fetchAndLock calls {engine.Calls[SandboxEndpoint.FetchAndLock]}, complete calls {engine.Calls[SandboxEndpoint.Complete]}, ")
            + $"gen0 GCs {GC.CollectionCount(0) - gcBefore}, cores {Environment.ProcessorCount}");
        return new Result(completed, watch.Elapsed, perSecond);
    }

    private static HttpClient CreateClient(Uri baseAddress, Settings settings)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = (settings.Workers * (settings.Concurrency + 1)) + 8,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    private static async Task DeployAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("bench"), "deployment-name");
        var resource = new ByteArrayContent(Encoding.UTF8.GetBytes(Bpmn));
        resource.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(resource, "data", "bench.bpmn");
        using var response = await client.PostAsync("deployment/create", form, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static Task StartInstancesAsync(HttpClient client, int count, CancellationToken cancellationToken) =>
        Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (_, ct) =>
        {
            using var response = await client.PostAsync("process-definition/key/bench/start", Json("{}"), ct);
            response.EnsureSuccessStatusCode();
        });

    /// <summary>Runs the workers until <paramref name="expected"/> tasks have been completed.</summary>
    private static async Task<long> DrainAsync(HttpClient client, Settings settings, int expected, CancellationToken cancellationToken)
    {
        long completed = 0;
        var workers = new Task[settings.Workers];
        for (var w = 0; w < workers.Length; w++)
        {
            var workerId = "bench-" + w.ToString(CultureInfo.InvariantCulture);
            var fetchBody = "{\"workerId\":\"" + workerId + "\",\"maxTasks\":" + settings.MaxTasks.ToString(CultureInfo.InvariantCulture)
                + ",\"asyncResponseTimeout\":1000,\"topics\":[{\"topicName\":\"" + Topic + "\",\"lockDuration\":60000,\"variables\":[]}]}";
            var completeBody = "{\"workerId\":\"" + workerId + "\"}";
            workers[w] = Task.Run(async () =>
            {
                while (Interlocked.Read(ref completed) < expected)
                {
                    var ids = await FetchAsync(client, fetchBody, cancellationToken);
                    await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken }, async (id, ct) =>
                    {
                        using var response = await client.PostAsync("external-task/" + id + "/complete", Json(completeBody), ct);
                        if (response.StatusCode != HttpStatusCode.NoContent)
                        {
                            throw new InvalidOperationException("complete answered " + (int)response.StatusCode);
                        }

                        Interlocked.Increment(ref completed);
                    });
                }
            }, cancellationToken);
        }

        await Task.WhenAll(workers);
        return completed;
    }

    private static async Task<List<string>> FetchAsync(HttpClient client, string body, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync("external-task/fetchAndLock", Json(body), cancellationToken);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return TaskIds(bytes);
    }

    /// <summary>The <c>id</c> of each task object in the fetchAndLock answer.</summary>
    private static List<string> TaskIds(byte[] json)
    {
        var ids = new List<string>(64);
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2 && reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                ids.Add(reader.GetString()!);
            }
        }

        return ids;
    }

    private static ByteArrayContent Json(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
