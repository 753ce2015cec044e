using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests.Workflows;

/// <summary>The development gateway reading a tenant's template triggers afresh for every event (no caching).</summary>
public sealed class TriggerGateway() : GatewayFixture(new GatewayOptions
{
    Settings = new Dictionary<string, string?> { ["Workflows:TriggerTtl"] = "00:00:00" },
});
