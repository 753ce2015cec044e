using System.Text;
using System.Text.Json;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Attacks.Tests.Events;

/// <summary>
/// Through Pulsar: a tenant's domain events go to that tenant's own topics (a consumer of one tenant's topics sees no
/// other tenant's profiles or work), and an event without id or time is taken as the schema defines it.
/// </summary>
public sealed class PulsarBridgeAttackTests(BridgeGateway gateway) : IClassFixture<BridgeGateway>
{
    private static string Payloads(IEnumerable<EDRS.Pulsar.FakeBroker.PublishedMessage> messages) =>
        string.Join("\n", messages.Select(m => Encoding.UTF8.GetString(m.Payload.Span)));

    [Fact]
    public async Task Each_tenants_domain_events_go_to_its_own_topics_and_no_shared_topic()
    {
        using var tenantA = await gateway.ClientForAsync(TestClients.TenantA);
        using var tenantB = await gateway.ClientForAsync(TestClients.TenantB);
        await tenantA.HireHandlingAsync("topic-alpha", "topics.*");
        await tenantB.HireHandlingAsync("topic-beta", "topics.*");

        await Eventually.TrueAsync(() => gateway.Broker.Published($"persistent://edrs/events/{TestClients.TenantA}.persona.hired")
            .Any(m => m.Key == $"persona/{TestClients.TenantA}/topic-alpha"), "tenant-a's hire on tenant-a's topic");
        await Eventually.TrueAsync(() => gateway.Broker.Published($"persistent://edrs/events/{TestClients.TenantB}.persona.hired")
            .Any(m => m.Key == $"persona/{TestClients.TenantB}/topic-beta"), "tenant-b's hire on tenant-b's topic");

        Assert.DoesNotContain("topic-beta", Payloads(gateway.Broker.Published($"persistent://edrs/events/{TestClients.TenantA}.persona.hired")));
        Assert.DoesNotContain("topic-alpha", Payloads(gateway.Broker.Published($"persistent://edrs/events/{TestClients.TenantB}.persona.hired")));
        Assert.Empty(gateway.Broker.Published("persistent://edrs/events/persona.hired"));
    }

    [Fact]
    public async Task A_pulsar_event_without_id_and_time_is_ingested_not_dead_lettered()
    {
        await gateway.Client.HireHandlingAsync("pulsar-idless", "idless.*");
        var e = Event(eventType: "idless.arrived");
        e.Remove("eventId");
        e.Remove("occurredAt");

        gateway.Broker.Publish(BridgeGateway.InboundTopic, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(e)));

        await Eventually.TrueAsync(() => gateway.Broker.Backlog(BridgeGateway.InboundTopic, "edrs-bridge") == 0, "the message is acknowledged");
        Assert.Empty(gateway.Broker.Published(BridgeGateway.DeadLetterTopic));
        var inbox = await gateway.Client.InboxIdsAsync("pulsar-idless");
        var eventId = Assert.Single(inbox);
        Assert.True(Guid.TryParse(eventId, out var id) && id.Version == 7, $"{eventId} is not a UUIDv7");
    }
}
