using System.Net;
using System.Net.Http.Headers;
using Bptl.Camunda.Auth;
using Bptl.Grains.Interfaces.Services;
using Microsoft.Extensions.Logging;

namespace Bptl.Services.Http;

/// <summary>What an OAuth2 client-credentials token is asked with; a change of any of it means a new cache.</summary>
internal sealed record OAuth2Settings(Uri TokenUrl, string ClientId, string ClientSecret, string? Scope);

/// <summary>
/// One OAuth2 client's token: asked for once, shared by every run, asked for again shortly before it expires or
/// after the service refused it. However many runs wait, one request goes to the token endpoint at a time.
/// </summary>
internal sealed partial class OAuth2TokenCache(string service, OAuth2Settings settings, HttpMessageHandler handler, TimeProvider time, ILogger logger)
{
    public static readonly TimeSpan RefreshBeforeExpiry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly Lock _sync = new();
    private CachedToken? _token;
    private Task<CachedToken>? _requesting;

    public OAuth2Settings Settings => settings;

    /// <summary>The token last issued, to hide it wherever it might be echoed.</summary>
    public string? CurrentToken => Volatile.Read(ref _token)?.Header.Parameter;

    public async ValueTask<AuthenticationHeaderValue> GetHeaderAsync(CancellationToken cancellationToken)
    {
        Task<CachedToken> requesting;
        lock (_sync)
        {
            if (_token is { } token && time.GetUtcNow() < token.RefreshAt)
            {
                return token.Header;
            }

            // The request is shared, so no single caller's cancellation may end it: each caller stops waiting instead.
            requesting = _requesting ??= RequestAsync();
        }

        return (await requesting.WaitAsync(cancellationToken).ConfigureAwait(false)).Header;
    }

    /// <summary>Forgets <paramref name="refused"/> after the service answered 401 to it.</summary>
    public void Invalidate(AuthenticationHeaderValue refused)
    {
        lock (_sync)
        {
            if (_token is not null && ReferenceEquals(_token.Header, refused))
            {
                _token = null;
            }
        }
    }

    /// <summary>When to ask again for a token that lives <paramref name="lifetime"/>: early by the margin, but never before half its life.</summary>
    internal static TimeSpan RefreshAfter(TimeSpan lifetime, TimeSpan refreshBeforeExpiry) =>
        OAuth2TokenResponse.RefreshAfter(lifetime, refreshBeforeExpiry);

    private async Task<CachedToken> RequestAsync()
    {
        // Leave the caller's lock first, so that the bookkeeping below never runs before _requesting is set.
        await Task.Yield();
        try
        {
            var token = await FetchAsync().ConfigureAwait(false);
            lock (_sync)
            {
                _token = token;
                _requesting = null;
            }

            return token;
        }
        catch
        {
            lock (_sync)
            {
                _requesting = null;
            }

            throw;
        }
    }

    private async Task<CachedToken> FetchAsync()
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "client_credentials"),
            new("client_id", settings.ClientId),
            new("client_secret", settings.ClientSecret),
        };
        if (!string.IsNullOrEmpty(settings.Scope))
        {
            form.Add(new("scope", settings.Scope));
        }

        var endpoint = settings.TokenUrl.GetLeftPart(UriPartial.Path);
        using var client = new HttpClient(handler, disposeHandler: false) { Timeout = RequestTimeout };
        using var content = new FormUrlEncodedContent(form);
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(settings.TokenUrl, content, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            throw Failure($"its OAuth2 token endpoint {endpoint} could not be reached: {Hide(ex.Message)}", null, ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure($"its OAuth2 token endpoint {endpoint} refused the client credentials: {(int)response.StatusCode} " +
                    $"{response.ReasonPhrase}{Hide(OAuth2TokenResponse.DescribeError(body))}", response.StatusCode, null);
            }

            var (accessToken, lifetime) = OAuth2TokenResponse.Parse(body)
                ?? throw Failure($"its OAuth2 token endpoint {endpoint} answered {(int)response.StatusCode} without an access_token.",
                    response.StatusCode, null);
            var life = lifetime ?? OAuth2TokenResponse.LifetimeWhenUnknown;
            LogTokenIssued(logger, service, (long)life.TotalSeconds);
            return new CachedToken(new AuthenticationHeaderValue("Bearer", accessToken), time.GetUtcNow() + RefreshAfter(life, RefreshBeforeExpiry));
        }
    }

    private ExternalServiceAuthenticationException Failure(string reason, HttpStatusCode? status, Exception? inner) =>
        new(service, $"External service '{service}': {reason}", status, inner);

    private string Hide(string text) => Redaction.Known(text, [settings.ClientSecret]);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "External service {Service}: got an OAuth2 token valid for {LifetimeSeconds} s")]
    private static partial void LogTokenIssued(ILogger logger, string service, long lifetimeSeconds);

    private sealed record CachedToken(AuthenticationHeaderValue Header, DateTimeOffset RefreshAt);
}
