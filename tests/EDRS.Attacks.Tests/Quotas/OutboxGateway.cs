using EDRS.Testing.Gateway;

namespace EDRS.Attacks.Tests.Quotas;

/// <summary>The gateway with publishing off (no Pulsar) and a small outbox backlog, checked often.</summary>
public sealed class OutboxGateway() : GatewayFixture(new GatewayOptions
{
    Settings = new Dictionary<string, string?>
    {
        ["Outbox:MaxBacklog"] = "20",
        ["Outbox:BacklogCheckInterval"] = "00:00:00.200",
    },
});
