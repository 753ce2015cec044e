using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests.Knowledge;

/// <summary>The development gateway looking for sources to re-ingest every 100 ms, with loopback a blocked network for calls made on a tenant's behalf.</summary>
public sealed class BlockedSourceGateway() : GatewayFixture(new GatewayOptions
{
    Settings = new Dictionary<string, string?>
    {
        ["Knowledge:SourceRefreshPollInterval"] = "00:00:00.100",
        ["Knowledge:SourceRefreshAttempts"] = "3",
        ["Outbound:BlockedNetworks"] = "127.0.0.0/8",
    },
});
