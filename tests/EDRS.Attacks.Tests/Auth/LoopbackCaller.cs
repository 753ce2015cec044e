using System.Net;
using System.Net.Sockets;
using EDRS.Testing.Gateway;

namespace EDRS.Attacks.Tests.Auth;

/// <summary>
/// HTTP clients that connect to the gateway from a chosen loopback address (any of 127.0.0.0/8 is this host), so one test
/// plays callers on different addresses over real TCP, as the gateway's connection sees them.
/// </summary>
internal static class LoopbackCaller
{
    public static HttpClient From(GatewayFixture gateway, string address)
    {
        var local = IPAddress.Parse(address);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{gateway.HttpPort}") };
    }
}
