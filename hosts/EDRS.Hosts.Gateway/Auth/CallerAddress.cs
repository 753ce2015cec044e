using System.Net;
using System.Net.Sockets;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>
/// The address a request came from, as the token endpoint's guess limits count it: an IPv4 address as it is; an IPv6
/// address by its /64 prefix (one host is routinely given a whole /64, so single IPv6 addresses cost an attacker nothing);
/// <c>-</c> when the connection has none. Behind a reverse proxy this is the proxy's address unless forwarded headers are
/// enabled (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>).
/// </summary>
internal static class CallerAddress
{
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
            return "-";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return $"{new IPAddress(bytes)}/64";
    }
}
