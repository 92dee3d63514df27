using System.Net;

namespace Bptl.Camunda.Auth;

/// <summary>
/// Adds the Authorization header. When the engine answers 401 to a refreshable credential (an OAuth2 token that
/// was revoked or expired early), it gets a fresh one and sends the request once more: a 401 means the engine did
/// nothing, so this is always safe.
/// </summary>
internal sealed class CamundaAuthHandler(ICamundaCredentials credentials) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var header = await credentials.GetHeaderAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = header;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || header is null || !credentials.CanRefresh)
        {
            return response;
        }

        credentials.Invalidate(header);
        var fresh = await credentials.GetHeaderAsync(cancellationToken).ConfigureAwait(false);
        if (fresh is null || ReferenceEquals(fresh, header))
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = fresh;
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
