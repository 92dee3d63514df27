using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Bptl.Contract.Tests.Infrastructure;

/// <summary>
/// Plain HTTP to the engine, for the contract's error rows that a well-behaved client never sends
/// (a missing workerId, malformed JSON, an omitted retries field...).
/// </summary>
public sealed class RawEngine : IDisposable
{
    private readonly HttpClient _http;

    public RawEngine(Uri baseAddress, AuthenticationHeaderValue? authorization)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = authorization;
    }

    public Task<RawResponse> PostAsync(string path, string json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, json, cancellationToken);

    public Task<RawResponse> PutAsync(string path, string json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, json, cancellationToken);

    public Task<RawResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public async Task<RawResponse> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken,
        HttpContent? content = null, AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Content = content ?? (json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));
        if (authorization is not null)
        {
            request.Headers.Authorization = authorization;
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new RawResponse((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType,
            response.Headers.WwwAuthenticate.ToString());
    }

    public void Dispose() => _http.Dispose();
}

public sealed record RawResponse(int Status, string Body, string? ContentType, string WwwAuthenticate)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>Asserts the engine's error shape: the status, the type (<c>*</c> for any), and key words of the message.</summary>
    public RawResponse ShouldBeError(int status, string type, params string[] keyWords)
    {
        Status.ShouldBe(status, Body);
        var json = Json;
        if (type != "*")
        {
            json.GetProperty("type").GetString().ShouldBe(type, Body);
        }

        var message = json.GetProperty("message").GetString() ?? "";
        foreach (var word in keyWords)
        {
            message.ShouldContain(word, Case.Sensitive, Body);
        }

        return this;
    }
}
