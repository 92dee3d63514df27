using System.Net.Http.Headers;

namespace Bptl.Camunda.Auth;

/// <summary>Gives the Authorization header for engine requests.</summary>
internal interface ICamundaCredentials
{
    /// <summary>True when a refused header can be replaced by a fresh one (OAuth2).</summary>
    bool CanRefresh { get; }

    /// <summary>The header to send, or null for none.</summary>
    ValueTask<AuthenticationHeaderValue?> GetHeaderAsync(CancellationToken cancellationToken);

    /// <summary>Forgets <paramref name="refused"/> after the engine answered 401 to it.</summary>
    void Invalidate(AuthenticationHeaderValue refused);
}

/// <summary>No header, a basic header or a static bearer token.</summary>
internal sealed class StaticCredentials : ICamundaCredentials
{
    private readonly AuthenticationHeaderValue? _header;

    public StaticCredentials(CamundaAuthOptions options)
    {
        _header = options.Mode switch
        {
            CamundaAuthMode.Basic => new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{options.UserName}:{options.Password}"))),
            CamundaAuthMode.Bearer => new AuthenticationHeaderValue("Bearer", options.BearerToken),
            _ => null,
        };
    }

    public bool CanRefresh => false;

    public ValueTask<AuthenticationHeaderValue?> GetHeaderAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_header);

    public void Invalidate(AuthenticationHeaderValue refused)
    {
    }
}
