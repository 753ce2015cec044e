using System.Text;
using System.Text.Json;
using EDRS.Pulsar.Protocol;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Hosting.Tests.Pulsar;

/// <summary>
/// The Pulsar bridge and the outbox publisher against the fake broker (a test double of Pulsar): an event published
/// to Pulsar reaches the right persona's inbox and its WorkAssigned comes back out; acknowledgement only after the
/// commit (a bridge killed in between has no second effect when the message comes again); dead-lettering.
/// </summary>
public sealed class PulsarBridgeTests(BridgeGateway gateway) : IClassFixture<BridgeGateway>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static byte[] Json(Dictionary<string, object?> e) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(e));

    [Fact]
    public async Task An_event_published_to_pulsar_reaches_the_right_persona_and_its_work_assigned_comes_back_out()
    {
        await gateway.Client.HireHandlingAsync("pulsar-billing", "billing.*");
        await gateway.Client.HireHandlingAsync("pulsar-support", "support.*");
        var e = Event(eventType: "support.ticket_opened", priority: "high");
        var eventId = (string)e["eventId"]!;
        gateway.Broker.Publish(BridgeGateway.InboundTopic, Json(e), key: eventId);

        await Eventually.TrueAsync(async () => (await gateway.Client.InboxIdsAsync("pulsar-support")).Contains(eventId), "the event is in pulsar-support's inbox");
        Assert.Empty(await gateway.Client.InboxIdsAsync("pulsar-billing"));

        var outgoing = $"persistent://edrs/events/{TestClients.Default}.persona.work_assigned";
        await Eventually.TrueAsync(() => gateway.Broker.Published(outgoing).Any(m => Encoding.UTF8.GetString(m.Payload.Span).Contains(eventId)), "its work_assigned is published");
        var message = gateway.Broker.Published(outgoing).Single(m => Encoding.UTF8.GetString(m.Payload.Span).Contains(eventId));
        Assert.StartsWith("edrs-outbox-", message.ProducerName);
        Assert.Equal($"persona/{TestClients.Default}/pulsar-support", message.Key);
        using var payload = JsonDocument.Parse(message.Payload);
        Assert.Equal("work_assigned", payload.RootElement.GetProperty("type").GetString());
        Assert.Equal(eventId, payload.RootElement.GetProperty("data").GetProperty("eventId").GetString());
        // The hire left the cluster too, and the inbound message was acknowledged after its commit.
        Assert.Contains(gateway.Broker.Published($"persistent://edrs/events/{TestClients.Default}.persona.hired"), m => m.Key == $"persona/{TestClients.Default}/pulsar-support");
        await Eventually.TrueAsync(() => gateway.Broker.Backlog(BridgeGateway.InboundTopic, BridgeGateway.Subscription) == 0, "the inbound backlog is drained");
        Assert.Empty(gateway.Broker.ProtocolViolations);
    }

    [Fact]
    public async Task A_message_that_is_not_an_event_goes_to_the_dead_letter_topic_and_the_consumer_goes_on()
    {
        await gateway.Client.HireHandlingAsync("dlq-keeper", "dlq.*");
        gateway.Broker.Publish(BridgeGateway.InboundTopic, Encoding.UTF8.GetBytes("this is not json"));
        var badType = Event(eventType: "Not A Type");
        gateway.Broker.Publish(BridgeGateway.InboundTopic, Json(badType));
        var good = Event(eventType: "dlq.fine");
        gateway.Broker.Publish(BridgeGateway.InboundTopic, Json(good));

        var dead = await gateway.Broker.WaitForPublishedAsync(BridgeGateway.DeadLetterTopic, 2, Patience);
        Assert.Contains(dead, m => Encoding.UTF8.GetString(m.Payload.Span) == "this is not json" && m.Properties["edrs-dead-letter-reason"].Contains("not JSON"));
        Assert.Contains(dead, m => m.Properties["edrs-dead-letter-reason"].StartsWith("eventType") && m.Properties["edrs-original-topic"] == BridgeGateway.InboundTopic);
        await Eventually.TrueAsync(async () => (await gateway.Client.InboxIdsAsync("dlq-keeper")).Contains((string)good["eventId"]!), "the good event is in dlq-keeper's inbox");
        await Eventually.TrueAsync(() => gateway.Broker.Backlog(BridgeGateway.InboundTopic, BridgeGateway.Subscription) == 0, "the inbound backlog is drained");
    }

    public static TheoryData<string, string> PoisonedMessages => new()
    {
        // a JSON fragment of the message, the field its dead-letter reason names
        { "\"payload\":{\"note\":\"a\\u0000b\"}", "payload.note" },
        { "\"payload\":{\"n\":1e200000}", "payload" },
        { "\"metadata\":{\"k\":\"\\ud800\"}", "metadata.k" },
        { "\"source\":\"s\\udc00\"", "source" },
    };

    [Theory]
    [MemberData(nameof(PoisonedMessages))]
    public async Task A_message_with_text_or_numbers_the_journal_cannot_store_is_dead_lettered_once_not_redelivered_forever(string fragment, string field)
    {
        var poisoned = Event(eventType: "poison.pulsar");
        var eventId = (string)poisoned["eventId"]!;
        var json = JsonSerializer.Serialize(poisoned);
        json = json.Insert(json.Length - 1, "," + fragment).Replace("\"source\":\"helpdesk\",", fragment.StartsWith("\"source", StringComparison.Ordinal) ? "" : "\"source\":\"helpdesk\",", StringComparison.Ordinal);
        var before = gateway.Broker.Published(BridgeGateway.DeadLetterTopic).Count;
        var redeliveries = gateway.Broker.Received(BaseCommand.Types.Type.RedeliverUnacknowledgedMessages);
        gateway.Broker.Publish(BridgeGateway.InboundTopic, Encoding.UTF8.GetBytes(json), key: eventId);

        var dead = await gateway.Broker.WaitForPublishedAsync(BridgeGateway.DeadLetterTopic, before + 1, Patience);
        var letter = Assert.Single(dead, m => m.Key == eventId);
        Assert.StartsWith(field, letter.Properties["edrs-dead-letter-reason"]);
        await Eventually.TrueAsync(() => gateway.Broker.Backlog(BridgeGateway.InboundTopic, BridgeGateway.Subscription) == 0, "the poisoned message is acknowledged");
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_streams where id = $1", $"event/{TestClients.Default}/{eventId}"));
        Assert.Equal(redeliveries, gateway.Broker.Received(BaseCommand.Types.Type.RedeliverUnacknowledgedMessages));
    }

    [Fact]
    public async Task A_bridge_killed_between_the_commit_and_the_ack_gets_the_message_again_and_it_has_no_second_effect()
    {
        await gateway.Client.HireHandlingAsync("gap-ada", "gap.*");
        await gateway.Client.HireHandlingAsync("gap-bob", "gap.*");
        var e = Event(eventType: "gap.crossed", priority: "critical");
        var eventId = (string)e["eventId"]!;
        gateway.Gap.Reset();
        gateway.Gap.HoldEventId = eventId;
        gateway.Broker.Publish(BridgeGateway.InboundTopic, Json(e), key: eventId);

        await gateway.Gap.Held.WaitAsync(Patience);
        // Committed, not acknowledged: the journal has the event and one assignment, the broker still waits for the ack.
        Assert.Equal(1, await gateway.Database.AssignmentsAsync(eventId));
        Assert.Equal(1, gateway.Broker.Unacknowledged(BridgeGateway.InboundTopic, BridgeGateway.Subscription));

        await gateway.RestartAsync();

        // The new bridge gets the message again (the broker redelivers the unacknowledged), ingests it as a duplicate, acks it.
        await Eventually.TrueAsync(() => gateway.Broker.Backlog(BridgeGateway.InboundTopic, BridgeGateway.Subscription) == 0, "the inbound backlog is drained");
        Assert.Contains(gateway.Broker.Acks(BridgeGateway.InboundTopic, BridgeGateway.Subscription), a => a.ValidationError is null);
        Assert.Equal(1, await gateway.Database.AssignmentsAsync(eventId));
        Assert.Equal(2, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", $"event/{TestClients.Default}/{eventId}"));
        var owners = new List<string>();
        foreach (var persona in new[] { "gap-ada", "gap-bob" })
        {
            if ((await gateway.Client.InboxIdsAsync(persona)).Contains(eventId))
                owners.Add(persona);
        }
        Assert.Single(owners);
    }
}
