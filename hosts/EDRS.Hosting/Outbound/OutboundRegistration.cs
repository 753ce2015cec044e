using EDRS.Hosting.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EDRS.Hosting.Outbound;

/// <summary>Puts <see cref="BlockedNetworkGuard"/> in front of an HTTP client that calls addresses tenants choose.</summary>
public static class OutboundRegistration
{
    /// <param name="followRedirects">Whether the client follows redirects (each hop is guarded alike).</param>
    public static IHttpClientBuilder GuardOutbound(this IHttpClientBuilder client, bool followRedirects = true)
    {
        client.Services.AddValidatedOptions<OutboundOptions>(OutboundOptions.Section, o => o.Validate());
        client.Services.TryAddSingleton<BlockedNetworkGuard>();
        return client.ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
        {
            AllowAutoRedirect = followRedirects,
            ConnectCallback = services.GetRequiredService<BlockedNetworkGuard>().ConnectAsync,
        });
    }
}
