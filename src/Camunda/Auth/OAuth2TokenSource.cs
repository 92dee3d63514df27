using System.Net.Http.Headers;
using Bptl.Camunda.Errors;
using Microsoft.Extensions.Logging;

namespace Bptl.Camunda.Auth;

/// <summary>
/// OAuth2 client credentials: asks the token endpoint for a token, caches it, and asks again shortly before it
/// expires or after the engine refused it. One request at a time, however many callers wait.
/// </summary>
internal sealed partial class OAuth2TokenSource : ICamundaCredentials, IDisposable
{
    private readonly CamundaAuthOptions _options;
    private readonly HttpClient _tokenClient;
    private readonly bool _ownsClient;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _token;

    public OAuth2TokenSource(CamundaAuthOptions options, HttpClient tokenClient, bool ownsClient, TimeProvider time, ILogger logger)
    {
        _options = options;
        _tokenClient = tokenClient;
        _ownsClient = ownsClient;
        _time = time;
        _logger = logger;
    }

    public bool CanRefresh => true;

    public async ValueTask<AuthenticationHeaderValue?> GetHeaderAsync(CancellationToken cancellationToken)
    {
        var token = Volatile.Read(ref _token);
        if (token is not null && _time.GetUtcNow() < token.RefreshAt)
        {
            return token.Header;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            token = Volatile.Read(ref _token);
            if (token is not null && _time.GetUtcNow() < token.RefreshAt)
            {
                return token.Header;
            }

            token = await RequestTokenAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _token, token);
            return token.Header;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate(AuthenticationHeaderValue refused)
    {
        var current = Volatile.Read(ref _token);
        if (current is not null && ReferenceEquals(current.Header, refused))
        {
            Interlocked.CompareExchange(ref _token, null, current);
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        if (_ownsClient)
        {
            _tokenClient.Dispose();
        }
    }

    /// <summary>When to ask again for a token that lives <paramref name="lifetime"/>: early by the margin, but never before half its life.</summary>
    internal static TimeSpan RefreshAfter(TimeSpan lifetime, TimeSpan refreshBeforeExpiry) =>
        OAuth2TokenResponse.RefreshAfter(lifetime, refreshBeforeExpiry);

    private async Task<CachedToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var endpoint = _options.TokenEndpoint!;
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "client_credentials"),
            new("client_id", _options.ClientId!),
            new("client_secret", _options.ClientSecret!),
        };
        if (!string.IsNullOrEmpty(_options.Scope))
        {
            form.Add(new("scope", _options.Scope));
        }

        if (!string.IsNullOrEmpty(_options.Audience))
        {
            form.Add(new("audience", _options.Audience));
        }

        HttpResponseMessage response;
        try
        {
            using var content = new FormUrlEncodedContent(form);
            response = await _tokenClient.PostAsync(endpoint, content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CamundaTransientException(Details(endpoint, null, "the token endpoint could not be reached: " + ex.Message) with { NotSent = true }, ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var reason = $"the token endpoint refused the client credentials{OAuth2TokenResponse.DescribeError(body)}";
                throw status >= 500 || status == 429
                    ? new CamundaTransientException(Details(endpoint, status, reason) with { NotSent = true })
                    : new CamundaUnauthorizedException(Details(endpoint, status, reason));
            }

            var (accessToken, lifetime) = OAuth2TokenResponse.Parse(body)
                ?? throw new CamundaInvalidResponseException(Details(endpoint, status, "the token endpoint's answer has no access_token"));
            var refreshAt = _time.GetUtcNow() + RefreshAfter(lifetime ?? OAuth2TokenResponse.LifetimeWhenUnknown, _options.RefreshBeforeExpiry);
            LogTokenIssued(_logger, endpoint.Host, (long)(lifetime ?? OAuth2TokenResponse.LifetimeWhenUnknown).TotalSeconds);
            return new CachedToken(new AuthenticationHeaderValue("Bearer", accessToken), refreshAt);
        }
    }

    private static CamundaErrorDetails Details(Uri endpoint, int? status, string reason) =>
        new() { Method = "POST", Path = endpoint.GetLeftPart(UriPartial.Path), StatusCode = status, Reason = reason };

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Got an OAuth2 token from {TokenHost}, valid for {LifetimeSeconds} s")]
    private static partial void LogTokenIssued(ILogger logger, string tokenHost, long lifetimeSeconds);

    private sealed record CachedToken(AuthenticationHeaderValue Header, DateTimeOffset RefreshAt);
}
