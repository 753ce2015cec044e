using System.Net;
using System.Net.Sockets;

namespace EDRS.Benchmarks;

/// <summary>A TCP port on 127.0.0.1 that was free a moment ago (every benchmark that starts servers uses this one).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
