using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.SamplePlugin;
using Bptl.Silo.Http;
using Bptl.Testing;
using Bptl.Testing.Cluster;
using Bptl.Variables;
using Microsoft.Extensions.Logging;

namespace Bptl.Silo.Tests.WorkUnits;

public sealed class DirectExecutionTests(PostgresFixture postgres)
{
    private const string Key = "k3y-for-the-ops-team-0123456789";
    private const string OtherKey = "another-k3y-for-reports-98765";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Execute_RunsTheWorkUnitAtOnce_AndAnswersWithItsOutputs()
    {
        await using var api = await ApiSilo.StartAsync(postgres);

        using var response = await api.PostAsync(Greet.Name, """
            {"variables": {"name": {"value": "Ada", "type": "String", "valueInfo": {}}}, "businessKey": "order-7"}
            """);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = await Json(response);
        var root = body.RootElement;
        root.GetProperty("outcome").GetString().ShouldBe("complete");
        var variables = VariableJson.Deserialize(root.GetProperty("variables").GetRawText());
        variables.Get<string>("greeting").ShouldBe("Hello Ada!");
        VariableJson.Deserialize(root.GetProperty("localVariables").GetRawText()).Get<string>("greetedBy").ShouldBe("Bptl.SamplePlugin");
        root.GetProperty("errorMessage").ValueKind.ShouldBe(JsonValueKind.Null);
        root.GetProperty("timeline").ValueKind.ShouldBe(JsonValueKind.Array);
        api.Silo.Logs.Contains(LogLevel.Information, "Direct execution of greet for ops: complete").ShouldBeTrue();
    }

    [Fact]
    public async Task Execute_ReportsFailuresAndBpmnErrors_AsTheExecutorMapsThem()
    {
        await using var api = await ApiSilo.StartAsync(postgres);

        using var crash = await Json(await api.PostAsync(Greet.Name, """{"variables": {"name": {"value": "crash", "type": "String"}}}"""));
        crash.RootElement.GetProperty("outcome").GetString().ShouldBe("failure");
        crash.RootElement.GetProperty("errorMessage").GetString().ShouldBe("InvalidOperationException: The greeter tripped over its own feet.");
        crash.RootElement.GetProperty("errorDetails").GetString()!.ShouldContain("at Bptl.SamplePlugin.Greet.ExecuteAsync");
        crash.RootElement.GetProperty("retryable").GetBoolean().ShouldBeTrue();

        using var nobody = await Json(await api.PostAsync(Greet.Name, """{"variables": {"name": {"value": "nobody", "type": "String"}}}"""));
        nobody.RootElement.GetProperty("outcome").GetString().ShouldBe("bpmnError");
        nobody.RootElement.GetProperty("errorCode").GetString().ShouldBe(Greet.NobodyCode);
        nobody.RootElement.GetProperty("errorMessage").GetString().ShouldBe("There is nobody to greet.");

        using var broken = await Json(await api.PostAsync(Greet.Name, """{"variables": {"name": {"value": 42, "type": "Integer"}}}"""));
        broken.RootElement.GetProperty("outcome").GetString().ShouldBe("failure");
        broken.RootElement.GetProperty("errorMessage").GetString()!.ShouldContain("the input 'name' should be String but is Integer");
        broken.RootElement.GetProperty("retryable").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Execute_WithoutAValidKey_Is401_AndTheKeyIsNeverLogged()
    {
        await using var api = await ApiSilo.StartAsync(postgres);
        var body = """{"variables": {"name": {"value": "Ada", "type": "String"}}}""";

        using var none = await api.PostAsync(Greet.Name, body, key: null);
        using var wrong = await api.PostAsync(Greet.Name, body, key: "not-the-key-at-all-0000000");
        using var prefix = await api.PostAsync(Greet.Name, body, key: Key[..^1]);
        using var viaHeader = await api.PostAsync(Greet.Name, body, key: OtherKey, asApiKeyHeader: true);

        none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        none.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        (await Json(none)).RootElement.GetProperty("error").GetString()!.ShouldContain("A valid API key is required");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        prefix.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        viaHeader.StatusCode.ShouldBe(HttpStatusCode.OK);
        api.Silo.Logs.Contains(LogLevel.Information, "Direct execution of greet for reports: complete").ShouldBeTrue();
        var everything = api.Silo.Logs.Dump(LogLevel.Trace);
        everything.ShouldContain("refused: no valid API key presented");
        everything.ShouldNotContain(Key[..12]);
        everything.ShouldNotContain(OtherKey[..12]);
    }

    [Fact]
    public async Task Execute_AnswersClearly_ToWhatItCannotRun()
    {
        await using var api = await ApiSilo.StartAsync(postgres, ("Bptl:Api:MaxRequestBytes", "2048"));

        using var unknown = await api.PostAsync("no-such-unit", "{}");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Error(unknown)).ShouldBe("This silo has no work unit named 'no-such-unit'; it has: bptl.correlate-message, bptl.http, bptl.send-mail, bptl.start-process, farewell, greet, slow.");

        using var notJson = await api.PostAsync(Greet.Name, """{"variables": {"name": """);
        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Error(notJson)).ShouldStartWith("The body is not valid JSON:");

        using var noType = await api.PostAsync(Greet.Name, """{"variables": {"name": {"value": "Ada"}}}""");
        noType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Error(noType)).ShouldStartWith("The variable 'name' has no \"type\"");

        using var unfit = await api.PostAsync(Greet.Name, """{"variables": {"count": {"value": "many", "type": "Integer"}}}""");
        unfit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Error(unfit)).ShouldBe("The variable 'count' cannot be read: its type 'Integer' is not an engine type, or its value does not fit that type.");

        using var bare = await api.PostAsync(Greet.Name, """{"variables": {"name": "Ada"}}""");
        bare.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Error(bare)).ShouldStartWith("The variable 'name' must be an object such as");

        using var typo = await api.PostAsync(Greet.Name, """{"variable": {}}""");
        typo.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Error(typo)).ShouldBe("Unknown member \"variable\": the body takes \"variables\" and \"businessKey\".");

        using var array = await api.PostAsync(Greet.Name, "[]");
        array.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var big = "{\"variables\": {\"name\": {\"value\": \"" + new string('a', 4096) + "\", \"type\": \"String\"}}}";
        using var tooLarge = await api.PostAsync(Greet.Name, big);
        tooLarge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Error(tooLarge)).ShouldBe("The body is larger than 2048 bytes (Bptl:Api:MaxRequestBytes).");
        using var chunked = await api.PostAsync(Greet.Name, big, chunked: true);
        chunked.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Execute_PastTheTimeout_Is504_AndTheRunIsCancelled()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var api = await ApiSilo.StartAsync(postgres, ("Bptl:Api:ExecutionTimeout", "00:00:00.500"));
        api.Scripts.Add("slow", async (_, ct) =>
        {
            using var registration = ct.Register(cancelled.SetResult);
            await Task.Delay(Timeout.Infinite, ct);
            return WorkUnitResult.Complete();
        });

        using var response = await api.PostAsync("slow", "{}");

        response.StatusCode.ShouldBe(HttpStatusCode.GatewayTimeout);
        (await Error(response)).ShouldBe("Work unit 'slow' did not finish within 00:00:00.5000000 (Bptl:Api:ExecutionTimeout); it was cancelled.");
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task WithoutKeys_TheApiIsOff()
    {
        await using var scenario = await Scenario.CreateAsync(postgres);
        var silo = await scenario.StartSiloAsync("s1", new WorkUnitScripts(), s => s.AddWorkUnitsFrom(typeof(Greet).Assembly),
            ("Bptl:Silo:HealthUrl", "http://127.0.0.1:0"));
        using var http = new HttpClient { BaseAddress = silo.Get<SiloHttpServer>().Address };

        using var response = await http.PostAsync("api/v1/work-units/greet/execute", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        using var health = await http.GetAsync("health/ready", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<JsonDocument> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

    private static async Task<string> Error(HttpResponseMessage response)
    {
        using var json = await Json(response);
        return json.RootElement.GetProperty("error").GetString()!;
    }

    /// <summary>A silo with the sample plugin compiled in, a scripted "slow" unit, and the API on a loopback port.</summary>
    private sealed class ApiSilo : IAsyncDisposable
    {
        private readonly Scenario _scenario;
        private readonly HttpClient _http;

        private ApiSilo(Scenario scenario, SiloHarness silo, WorkUnitScripts scripts)
        {
            _scenario = scenario;
            Silo = silo;
            Scripts = scripts;
            _http = new HttpClient { BaseAddress = silo.Get<SiloHttpServer>().Address };
        }

        public SiloHarness Silo { get; }

        public WorkUnitScripts Scripts { get; }

        public static async Task<ApiSilo> StartAsync(PostgresFixture postgres, params (string Key, string Value)[] settings)
        {
            var scenario = await Scenario.CreateAsync(postgres);
            var scripts = new WorkUnitScripts().Add("slow", _ => WorkUnitResult.Complete());
            var silo = await scenario.StartSiloAsync("api", scripts, s => s.AddWorkUnitsFrom(typeof(Greet).Assembly),
                [
                    ("Bptl:Silo:HealthUrl", "http://127.0.0.1:0"),
                    ("Bptl:Api:Keys:0:Name", "ops"),
                    ("Bptl:Api:Keys:0:Key", Key),
                    ("Bptl:Api:Keys:1:Name", "reports"),
                    ("Bptl:Api:Keys:1:Key", OtherKey),
                    .. settings,
                ]);
            return new ApiSilo(scenario, silo, scripts);
        }

        public async Task<HttpResponseMessage> PostAsync(string unit, string body, string? key = Key, bool asApiKeyHeader = false, bool chunked = false)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/work-units/{unit}/execute")
            {
                Content = chunked
                    ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)))
                    : new StringContent(body, Encoding.UTF8, "application/json"),
            };
            if (chunked)
            {
                request.Headers.TransferEncodingChunked = true;
            }

            if (key is not null && asApiKeyHeader)
            {
                request.Headers.Add("X-Api-Key", key);
            }
            else if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            return await _http.SendAsync(request, Ct);
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await _scenario.DisposeAsync();
        }
    }
}
