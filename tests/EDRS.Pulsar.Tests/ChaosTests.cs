using System.Text;
using EDRS.Pulsar.FakeBroker;
using EDRS.Testing;

namespace EDRS.Pulsar.Tests;

/// <summary>Many connection losses in one run, against the fake broker (a test double that drops connections on demand).</summary>
public sealed class ChaosTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Through_repeated_drops_mid_send_every_message_is_stored_exactly_once_in_order(bool persistedBeforeEachDrop)
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "chaos", ProducerName = "chaos-p", MaxPendingMessages = 100 });
        broker.DropConnectionOnSend(37, persistedBeforeEachDrop, repeat: true);

        var sends = Enumerable.Range(0, 400).Select(i => producer.SendAsync(Encoding.UTF8.GetBytes($"m{i}"))).ToList();
        await Eventually.Within(Task.WhenAll(sends), "all 400 sends to be confirmed");
        broker.StopDropping();

        Assert.True(broker.ConnectionsDropped >= 5, $"only {broker.ConnectionsDropped} drops");
        var stored = broker.Published("chaos");
        Assert.Equal(Enumerable.Range(0, 400).Select(i => (long)i), stored.Select(m => m.SequenceId));
        Assert.Equal(Enumerable.Range(0, 400).Select(i => $"m{i}"), stored.Select(m => Encoding.UTF8.GetString(m.Payload.Span)));
        Assert.Empty(broker.ProtocolViolations);
    }

    [Fact]
    public async Task Through_repeated_disconnects_a_consumer_gets_every_message_and_leaves_no_backlog()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "chaos-in", SubscriptionName = "s", ReceiverQueueSize = 8 });
        for (var i = 0; i < 200; i++)
            broker.Publish("chaos-in", Encoding.UTF8.GetBytes($"m{i}"));

        var seen = new HashSet<string>();
        var received = 0;
        using var deadline = new CancellationTokenSource(Eventually.Patience);
        // Acks sent while disconnected are dropped, so the broker's backlog, not our bookkeeping, says when we are done.
        while (seen.Count < 200 || broker.Backlog("chaos-in", "s") > 0)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            wait.CancelAfter(TimeSpan.FromMilliseconds(200));
            PulsarMessage message;
            try
            {
                message = await consumer.ReceiveAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
            {
                continue;
            }

            seen.Add(Encoding.UTF8.GetString(message.Payload.Span));
            if (++received % 23 == 0 && received < 200)
                broker.DisconnectAll(); // before the ack: this one must come again
            else
                await consumer.AcknowledgeAsync(message.Id);
        }

        Assert.Equal(200, seen.Count);
        Assert.True(broker.ConnectionsAccepted >= 5);
        Assert.Empty(broker.ProtocolViolations);
    }
}
