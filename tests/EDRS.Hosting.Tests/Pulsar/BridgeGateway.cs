using EDRS.Hosting.Pulsar;
using EDRS.Pulsar.FakeBroker;
using EDRS.Testing.Gateway;
using Microsoft.Extensions.DependencyInjection;

namespace EDRS.Hosting.Tests.Pulsar;

/// <summary>
/// The gateway with the Pulsar bridge consuming <see cref="InboundTopic"/> into the tenant <c>default</c> and the outbox
/// publishing to Pulsar — against <see cref="FakePulsarBroker"/>, a TEST DOUBLE of a Pulsar broker written from the
/// protocol documentation (no Pulsar server can run here). The production code is the same as against a real cluster.
/// </summary>
public sealed class BridgeGateway : GatewayFixture
{
    public const string Subscription = "edrs-bridge";
    public const string InboundTopic = "persistent://edrs/events/support.inbound";
    public const string DeadLetterTopic = "persistent://edrs/events/edrs.dead_letter";

    public FakePulsarBroker Broker { get; } = FakePulsarBroker.Start();

    public GapObserver Gap { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pulsar:ServiceUrl", Broker.ServiceUrl),
        new("Pulsar:ReconnectInitialDelay", "00:00:00.050"),
        new("Pulsar:ReconnectMaxDelay", "00:00:00.500"),
        new("PulsarBridge:Consume", "true"),
        new("PulsarBridge:Publish", "true"),
        new("PulsarBridge:Tenant", TestClients.Default),
        new("PulsarBridge:Topics:0", "support.inbound"),
        new("PulsarBridge:RetryDelay", "00:00:00.100"),
        new("Outbox:PollInterval", "00:00:00.020"),
    ];

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IPulsarBridgeObserver>(Gap);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Broker.DisposeAsync();
    }
}
