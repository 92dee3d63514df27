using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Bptl.Sandbox.Tests.Support;

/// <summary>Raw HTTP to the sandbox with a few shortcuts (deploy, start, fetch).</summary>
internal sealed class SandboxClient : IDisposable
{
    private readonly HttpClient _http;

    public SandboxClient(Uri baseAddress, AuthenticationHeaderValue? authorization = null)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = authorization;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task<Reply> GetAsync(string path, CancellationToken? cancellationToken = null) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<Reply> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public Task<Reply> PostAsync(string path, string json, CancellationToken? cancellationToken = null) =>
        SendAsync(HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    public Task<Reply> PutAsync(string path, string json) =>
        SendAsync(HttpMethod.Put, path, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<Reply> PostContentAsync(string path, HttpContent content) => SendAsync(HttpMethod.Post, path, content);

    public async Task<Reply> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken? cancellationToken = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await _http.SendAsync(request, cancellationToken ?? Ct);
        var body = await response.Content.ReadAsStringAsync(cancellationToken ?? Ct);
        return new Reply((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, response.Headers, response.Content.Headers);
    }

    /// <summary>Deploys one resource and returns the answer.</summary>
    public Task<Reply> DeployAsync(string resourceName, string xml, string? deploymentName = null, params (string Name, string Value)[] extraParts)
    {
        var form = new MultipartFormDataContent();
        if (deploymentName is not null)
        {
            form.Add(new StringContent(deploymentName), "deployment-name");
        }

        foreach (var (name, value) in extraParts)
        {
            form.Add(new StringContent(value), name);
        }

        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(xml)), "data", resourceName);
        return PostContentAsync("deployment/create", form);
    }

    /// <summary>Deploys a model and asserts success.</summary>
    public async Task<JsonElement> DeployOkAsync(string xml, string resourceName = "process.bpmn")
    {
        var reply = await DeployAsync(resourceName, xml);
        reply.ShouldBeStatus(200);
        return reply.Json;
    }

    /// <summary>Starts the latest version of a key and returns the instance id.</summary>
    public async Task<string> StartAsync(string key, string body = "{}")
    {
        var reply = await PostAsync("process-definition/key/" + key + "/start", body);
        reply.ShouldBeStatus(200);
        return reply.Json.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement[]> FetchAsync(string workerId, string topic, int maxTasks = 10, long lockDuration = 60_000, string topicExtra = "", string requestExtra = "")
    {
        var reply = await PostAsync("external-task/fetchAndLock",
            $$"""{"workerId":"{{workerId}}","maxTasks":{{maxTasks}}{{requestExtra}},"topics":[{"topicName":"{{topic}}","lockDuration":{{lockDuration}}{{topicExtra}}}]}""");
        reply.ShouldBeStatus(200);
        return [.. reply.Json.EnumerateArray()];
    }

    public async Task<JsonElement> FetchOneAsync(string workerId, string topic, string topicExtra = "")
    {
        var tasks = await FetchAsync(workerId, topic, 1, topicExtra: topicExtra);
        tasks.Length.ShouldBe(1);
        return tasks[0];
    }

    public Task<Reply> CompleteAsync(string taskId, string workerId, string variables = "") =>
        PostAsync("external-task/" + taskId + "/complete", $$"""{"workerId":"{{workerId}}"{{variables}}}""");

    public async Task<string> HistoryStateAsync(string instanceId)
    {
        var reply = await GetAsync("history/process-instance/" + instanceId);
        reply.ShouldBeStatus(200);
        return reply.Json.GetProperty("state").GetString()!;
    }

    public void Dispose() => _http.Dispose();
}

internal static class JsonElementExtensions
{
    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
