using System.Net;
using System.Net.Sockets;

namespace EDRS.Testing;

/// <summary>
/// Loopback ports for servers a test or benchmark starts on a port it must know in advance. A port the kernel hands out
/// for bind(0) comes from its ephemeral range, the same range every outgoing connection takes its source port from: on a
/// busy machine (test projects running side by side, cluster members dialling each other) a connection could take the
/// port between this pick and the server's bind ("address already in use", seen in CI). So ports are drawn below that
/// range (Linux's default starts at 32768), where only servers bind, and checked free by binding them once.
/// </summary>
public static class FreePorts
{
    private const int First = 20_000;
    private const int Last = 32_767;

    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(First, Last + 1);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: draw another.
            }
        }
        throw new InvalidOperationException($"No free loopback port in {First}..{Last} after 200 draws.");
    }
}
