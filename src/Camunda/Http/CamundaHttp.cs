using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bptl.Camunda.Errors;
using Polly.Timeout;

namespace Bptl.Camunda.Http;

/// <summary>
/// Sends one request to the engine and turns every failure into a typed <see cref="CamundaException"/>.
/// Retries and attempt timeouts live in <see cref="Resilience.CamundaResilienceHandler"/>; this class only marks
/// each request with how safely it may be repeated and how long an attempt may take.
/// </summary>
internal sealed class CamundaHttp
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _client;
    private readonly string _prefix;
    private readonly TimeSpan _requestTimeout;

    public CamundaHttp(HttpClient client, CamundaClientOptions options)
    {
        _client = client;
        _prefix = options.EngineName is { } engine ? "engine/" + QueryString.Segment(engine) + "/" : "";
        _requestTimeout = options.RequestTimeout;
        LongPollGrace = options.LongPollGrace;
    }

    /// <summary>Added to a long poll's asyncResponseTimeout to make its attempt timeout.</summary>
    public TimeSpan LongPollGrace { get; }

    /// <summary>The attempt timeout of an ordinary request.</summary>
    public TimeSpan RequestTimeout => _requestTimeout;

    public static ByteArrayContent JsonBody<T>(T body, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = Json;
        return content;
    }

    /// <summary>Sends the request; returns the successful response (the caller disposes it) or throws.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content,
        RetrySafety safety, CancellationToken cancellationToken, TimeSpan? attemptTimeout = null)
    {
        using var request = new HttpRequestMessage(method, _prefix + path) { Content = content };
        request.Options.Set(CamundaRequestOptions.Safety, safety);
        request.Options.Set(CamundaRequestOptions.AttemptTimeout, attemptTimeout ?? _requestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or TimeoutRejectedException or IOException)
        {
            throw CamundaErrorMapper.FromTransport(ex, request, path);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await CamundaErrorMapper.FromResponseAsync(response, request, path, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task SendAsync<TBody>(HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> bodyType,
        RetrySafety safety, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, JsonBody(body, bodyType), safety, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TResult> SendAsync<TBody, TResult>(HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> bodyType,
        JsonTypeInfo<TResult> resultType, RetrySafety safety, CancellationToken cancellationToken, TimeSpan? attemptTimeout = null)
    {
        using var response = await SendAsync(method, path, JsonBody(body, bodyType), safety, cancellationToken, attemptTimeout)
            .ConfigureAwait(false);
        return await ReadAsync(response, method, path, resultType, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TResult> GetAsync<TResult>(string path, JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, RetrySafety.Idempotent, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, HttpMethod.Get, path, resultType, cancellationToken).ConfigureAwait(false);
    }

    public async Task SendEmptyAsync(HttpMethod method, string path, RetrySafety safety, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, null, safety, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<TResult> ReadAsync<TResult>(HttpResponseMessage response, HttpMethod method, string path,
        JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, resultType, cancellationToken).ConfigureAwait(false)
                    ?? throw new JsonException("The answer is JSON null.");
            }
        }
        catch (JsonException ex)
        {
            throw new CamundaInvalidResponseException(new CamundaErrorDetails
            {
                Method = method.Method,
                Path = path,
                StatusCode = (int)response.StatusCode,
                Reason = $"the engine's answer is not a valid {Describe(typeof(TResult))}: {ex.Message}",
            }, ex);
        }
    }

    private static string Describe(Type type) =>
        type.IsGenericType ? $"list of {type.GetGenericArguments()[0].Name}" : type.Name;
}
