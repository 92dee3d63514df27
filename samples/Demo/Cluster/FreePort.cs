using System.Net;
using System.Net.Sockets;

namespace Bptl.Demo.Cluster;

/// <summary>A free TCP port on 127.0.0.1, for a silo's health endpoint.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
