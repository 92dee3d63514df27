using System.Net.Http.Headers;
using System.Text;

namespace Bptl.Services.Http;

/// <summary>How one credential authenticates a request; built once per credential and shared by every run.</summary>
internal abstract class ServiceAuth
{
    /// <summary>Adds the credential to <paramref name="request"/>; returns what was added, for <see cref="Refresh"/>.</summary>
    public abstract ValueTask<object?> ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken);

    /// <summary>
    /// After a 401 to <paramref name="refused"/>: true when a fresh credential may be tried once (an OAuth2 token
    /// that was revoked or expired early; a 401 means the service did nothing, so trying again is safe).
    /// </summary>
    public virtual bool Refresh(object? refused) => false;

    /// <summary>The secret values this credential sends, to hide wherever they might be echoed.</summary>
    public abstract IReadOnlyCollection<string> Secrets { get; }
}

/// <summary>No authentication.</summary>
internal sealed class NoAuth : ServiceAuth
{
    public static readonly NoAuth Instance = new();

    public override IReadOnlyCollection<string> Secrets => [];

    public override ValueTask<object?> ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken) => ValueTask.FromResult<object?>(null);
}

/// <summary>An API key in a header.</summary>
internal sealed class ApiKeyAuth(string header, string key) : ServiceAuth
{
    public override IReadOnlyCollection<string> Secrets => [key];

    public override ValueTask<object?> ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, key);
        return ValueTask.FromResult<object?>(null);
    }
}

/// <summary>A fixed Authorization header: basic or a static bearer token.</summary>
internal sealed class StaticAuthorization : ServiceAuth
{
    private readonly AuthenticationHeaderValue _header;
    private readonly string[] _secrets;

    private StaticAuthorization(AuthenticationHeaderValue header, string[] secrets)
    {
        _header = header;
        _secrets = secrets;
    }

    public override IReadOnlyCollection<string> Secrets => _secrets;

    public static StaticAuthorization Basic(string user, string password)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        return new StaticAuthorization(new AuthenticationHeaderValue("Basic", encoded), [password, encoded]);
    }

    public static StaticAuthorization Bearer(string token) => new(new AuthenticationHeaderValue("Bearer", token), [token]);

    public override ValueTask<object?> ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _header;
        return ValueTask.FromResult<object?>(null);
    }
}

/// <summary>An OAuth2 client-credentials token from a shared cache.</summary>
internal sealed class OAuth2Auth(OAuth2TokenCache tokens) : ServiceAuth
{
    public OAuth2TokenCache Tokens => tokens;

    public override IReadOnlyCollection<string> Secrets =>
        tokens.CurrentToken is { } token ? [tokens.Settings.ClientSecret, token] : [tokens.Settings.ClientSecret];

    public override async ValueTask<object?> ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var header = await tokens.GetHeaderAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = header;
        return header;
    }

    public override bool Refresh(object? refused)
    {
        if (refused is AuthenticationHeaderValue header)
        {
            tokens.Invalidate(header);
            return true;
        }

        return false;
    }
}
