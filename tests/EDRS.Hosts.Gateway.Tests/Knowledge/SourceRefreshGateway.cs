using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests.Knowledge;

/// <summary>The development gateway (on Kestrel, for gRPC) looking for sources to re-ingest every 100 ms, retrying a failed fetch up to 3 times.</summary>
public sealed class SourceRefreshGateway() : GatewayFixture(new GatewayOptions
{
    Kestrel = true,
    Settings = new Dictionary<string, string?>
    {
        ["Knowledge:SourceRefreshPollInterval"] = "00:00:00.100",
        ["Knowledge:SourceRefreshAttempts"] = "3",
    },
});
