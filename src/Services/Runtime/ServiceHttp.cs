namespace Bptl.Services.Runtime;

/// <summary>
/// The one socket handler behind every service client of the process: connections are pooled across runs (no
/// sockets leak per run) and recycled every few minutes so DNS changes are seen. No cookies (they would carry one
/// application's session into another's runs) and no automatic redirects (an API-key header would follow them to
/// another host); a work unit sees a redirect and decides.
/// </summary>
internal sealed class ServiceHttp : IDisposable
{
    public HttpMessageHandler Handler { get; } = new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    };

    public void Dispose() => Handler.Dispose();
}
