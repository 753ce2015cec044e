using System.Text;
using EDRS.Pulsar.FakeBroker;
using EDRS.Testing;

namespace EDRS.Pulsar.Tests;

/// <summary>Broker restarts and disposal, against the fake broker (a test double: no Pulsar server runs here).</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Messages_sent_while_the_broker_is_down_are_delivered_once_it_is_back()
    {
        var first = FakePulsarBroker.Start();
        var port = first.Port;
        await using var client = PulsarTestClient.Create(first);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "restart", ProducerName = "r" });
        await producer.SendAsync("before"u8.ToArray());
        await first.DisposeAsync();

        var during = Enumerable.Range(0, 5).Select(i => producer.SendAsync(Encoding.UTF8.GetBytes($"during-{i}"))).ToList();
        await Eventually.TrueAsync(() => !producer.IsConnected, "the producer noticed the broker is gone");
        await Task.Delay(300); // a few failed reconnection attempts
        Assert.All(during, send => Assert.False(send.IsCompleted));

        await using var second = FakePulsarBroker.Start(new FakeBrokerOptions { Port = port });
        await Eventually.Within(Task.WhenAll(during), "the queued sends after the broker came back");

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"during-{i}"), second.Published("restart").Select(m => Encoding.UTF8.GetString(m.Payload.Span)));
        Assert.Equal([1L, 2, 3, 4, 5], second.Published("restart").Select(m => m.SequenceId));
        Assert.Empty(second.ProtocolViolations);
    }

    [Fact]
    public async Task Disposing_a_producer_fails_what_is_pending_and_what_waits_for_room()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "dispose", MaxPendingMessages = 1 });
        broker.SilenceConnections();
        var pending = producer.SendAsync("a"u8.ToArray());
        var waiting = producer.SendAsync("b"u8.ToArray());

        await producer.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => producer.SendAsync("c"u8.ToArray()));
    }

    [Fact]
    public async Task A_disposed_consumer_hands_out_nothing_more()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "dispose-consumer", SubscriptionName = "s" });
        broker.Publish("dispose-consumer", "queued"u8.ToArray());
        await Eventually.TrueAsync(() => broker.Unacknowledged("dispose-consumer", "s") == 1, "the message was dispatched");

        await consumer.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => consumer.ReceiveAsync());
        await Eventually.TrueAsync(() => broker.Unacknowledged("dispose-consumer", "s") == 0 && broker.Backlog("dispose-consumer", "s") == 1, "the message went back to the subscription");
    }
}
