using Bptl.Camunda.Resilience;

namespace Bptl.Camunda.Tests.Support;

internal static class Clients
{
    /// <summary>A client of <paramref name="engine"/> with short retry delays so tests stay quick.</summary>
    public static CamundaClient For(Uri engine, Action<CamundaClientOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new CamundaClientOptions
        {
            BaseAddress = engine,
            RequestTimeout = TimeSpan.FromSeconds(5),
            Retry = new CamundaRetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20) },
        };
        configure?.Invoke(options);
        return CamundaClient.Create(options, timeProvider: time);
    }

    /// <summary>A loopback port nothing listens on.</summary>
    public static Uri ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/engine-rest/");
    }
}
