using EDRS.Pulsar.FakeBroker;
using EDRS.Testing.Gateway;

namespace EDRS.Attacks.Tests.Events;

/// <summary>
/// The gateway with the Pulsar bridge consuming <see cref="InboundTopic"/> into the tenant <c>default</c> and the outbox
/// publishing — against <see cref="FakePulsarBroker"/>, a TEST DOUBLE of a Pulsar broker (no Pulsar server can run here).
/// </summary>
public sealed class BridgeGateway : GatewayFixture
{
    public const string InboundTopic = "persistent://edrs/events/attacks.inbound";
    public const string DeadLetterTopic = "persistent://edrs/events/edrs.dead_letter";

    public FakePulsarBroker Broker { get; } = FakePulsarBroker.Start();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pulsar:ServiceUrl", Broker.ServiceUrl),
        new("PulsarBridge:Consume", "true"),
        new("PulsarBridge:Publish", "true"),
        new("PulsarBridge:Tenant", TestClients.Default),
        new("PulsarBridge:Topics:0", "attacks.inbound"),
        new("PulsarBridge:RetryDelay", "00:00:00.100"),
        new("Outbox:PollInterval", "00:00:00.020"),
    ];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Broker.DisposeAsync();
    }
}
