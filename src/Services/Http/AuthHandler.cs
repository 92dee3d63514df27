using System.Net;

namespace Bptl.Services.Http;

/// <summary>
/// Applies a credential to every request. A 401 to an OAuth2 token gets one more try with a fresh token; any other
/// 401 or 403 goes back to the work unit as the service's answer.
/// </summary>
internal sealed class AuthHandler(ServiceAuth auth) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var applied = await auth.ApplyAsync(request, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !auth.Refresh(applied))
        {
            return response;
        }

        var fresh = await auth.ApplyAsync(request, cancellationToken).ConfigureAwait(false);
        if (ReferenceEquals(fresh, applied))
        {
            return response;
        }

        response.Dispose();
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
