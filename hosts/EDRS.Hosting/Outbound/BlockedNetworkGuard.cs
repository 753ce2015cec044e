using System.Net;
using System.Net.Sockets;
using EDRS.Actors.Outbound;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Outbound;

/// <summary>
/// The connect step of the HTTP clients that call addresses tenants choose (<see cref="OutboundRegistration.GuardOutbound"/>):
/// it resolves the host itself and connects only to addresses outside <see cref="OutboundOptions.BlockedNetworks"/>, so
/// neither a URL, nor a redirect, nor a name that resolves to a blocked address (DNS rebinding) reaches them.
/// </summary>
public sealed class BlockedNetworkGuard(IOptions<OutboundOptions> options)
{
    private readonly IReadOnlyList<IPNetwork> _blocked = options.Value.Networks();

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var target = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(target.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(target.Host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(a => BlockingNetwork(a) is null).ToArray();
        if (allowed.Length == 0)
        {
            var refused = addresses.FirstOrDefault();
            if (refused is null)
                throw new HttpRequestException(HttpRequestError.NameResolutionError, $"{target.Host} did not resolve to any address");
            throw new OutboundRefusedException(
                $"{target.Host} resolves to {refused}, in the blocked network {BlockingNetwork(refused)} (Outbound__BlockedNetworks): the call was not made");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, target.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The blocked network <paramref name="address"/> is in (an IPv4 address mapped into IPv6 counts as IPv4); null when none.</summary>
    public IPNetwork? BlockingNetwork(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var network in _blocked)
        {
            if (network.Contains(plain))
                return network;
        }
        return null;
    }
}
