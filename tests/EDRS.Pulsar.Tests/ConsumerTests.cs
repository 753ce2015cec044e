using System.Text;
using EDRS.Pulsar.FakeBroker;
using EDRS.Pulsar.Protocol;
using EDRS.Testing;

namespace EDRS.Pulsar.Tests;

/// <summary>Consumers against the fake broker (a test double that dispatches only within the permits a consumer gives).</summary>
public sealed class ConsumerTests
{
    private static byte[] Text(string value) => Encoding.UTF8.GetBytes(value);

    private static string Text(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);

    private static Task<PulsarMessage> Receive(PulsarConsumer consumer) => Eventually.Within(consumer.ReceiveAsync(), "a message");

    [Fact]
    public async Task The_broker_never_has_more_messages_out_than_the_permits_the_consumer_gave()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "flow", SubscriptionName = "s", ReceiverQueueSize = 10 });
        for (var i = 0; i < 100; i++)
            broker.Publish("flow", Text($"m{i}"));

        await Eventually.TrueAsync(() => broker.ConsumerStats("flow", "s").Single().MessagesDispatched == 10, "the first 10 permits were used");
        await Task.Delay(100);
        Assert.Equal(10, broker.ConsumerStats("flow", "s").Single().PermitsGranted);

        var received = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var message = await Receive(consumer);
            received.Add(Text(message.Payload));
            await consumer.AcknowledgeAsync(message.Id);
            var stats = broker.ConsumerStats("flow", "s").Single();
            Assert.True(stats.PermitsGranted <= received.Count + 10, $"{stats.PermitsGranted} permits granted after {received.Count} received");
            Assert.True(stats.MessagesDispatched <= stats.PermitsGranted);
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i}"), received);
        await Eventually.TrueAsync(() => broker.Backlog("flow", "s") == 0, "every message was acknowledged");
        Assert.Empty(broker.ProtocolViolations);
    }

    [Fact]
    public async Task Permits_are_returned_in_batches_of_half_the_receiver_queue()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "refill", SubscriptionName = "s", ReceiverQueueSize = 10 });
        for (var i = 0; i < 30; i++)
            broker.Publish("refill", Text($"m{i}"));

        for (var i = 0; i < 4; i++)
            await Receive(consumer);
        await Task.Delay(50);
        Assert.Equal(1, broker.Received(BaseCommand.Types.Type.Flow));

        await Receive(consumer);
        await Eventually.TrueAsync(() => broker.Received(BaseCommand.Types.Type.Flow) == 2, "a FLOW of 5 after 5 received");
        Assert.Equal(15, broker.ConsumerStats("refill", "s").Single().PermitsGranted);
    }

    [Fact]
    public async Task A_batched_entry_is_unpacked_into_its_messages_and_acknowledged_once_all_are()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "batch", SubscriptionName = "s" });

        var entry = broker.PublishBatch("batch", [
            new FakeOutgoingMessage(Text("one"), "k1", new Dictionary<string, string> { ["n"] = "1" }),
            new FakeOutgoingMessage(Text("two"), "k2"),
            new FakeOutgoingMessage(Text("three")),
        ]);

        var messages = new[] { await Receive(consumer), await Receive(consumer), await Receive(consumer) };

        Assert.Equal(["one", "two", "three"], messages.Select(m => Text(m.Payload)));
        Assert.Equal([0, 1, 2], messages.Select(m => m.Id.BatchIndex));
        Assert.All(messages, m => Assert.Equal((entry.LedgerId, entry.EntryId), (m.Id.LedgerId, m.Id.EntryId)));
        Assert.Equal(["k1", "k2", null], messages.Select(m => m.Key));
        Assert.Equal("1", messages[0].Properties["n"]);
        Assert.Equal([1L, 2, 3], messages.Select(m => m.SequenceId));

        await consumer.AcknowledgeAsync(messages[0].Id);
        await consumer.AcknowledgeAsync(messages[2].Id);
        await Task.Delay(50);
        Assert.Empty(broker.Acks("batch", "s"));
        await consumer.AcknowledgeAsync(messages[1].Id);

        await Eventually.TrueAsync(() => broker.Backlog("batch", "s") == 0, "the whole entry was acknowledged");
        Assert.Equal(new MessageId(entry.LedgerId, entry.EntryId), broker.Acks("batch", "s").Single().Id);
    }

    [Fact]
    public async Task Unacknowledged_messages_come_again_after_redeliver_unacknowledged_with_a_redelivery_count()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "redeliver", SubscriptionName = "s" });
        foreach (var text in new[] { "a", "b", "c" })
            broker.Publish("redeliver", Text(text));

        var a = await Receive(consumer);
        await Receive(consumer);
        await Receive(consumer);
        await consumer.AcknowledgeAsync(a.Id);
        await Eventually.TrueAsync(() => broker.Unacknowledged("redeliver", "s") == 2, "a was acknowledged");

        await consumer.RedeliverUnacknowledgedAsync();
        var again = new[] { await Receive(consumer), await Receive(consumer) };

        Assert.Equal(["b", "c"], again.Select(m => Text(m.Payload)));
        Assert.All(again, m => Assert.Equal(1, m.RedeliveryCount));
        foreach (var message in again)
            await consumer.AcknowledgeAsync(message.Id);
        await Eventually.TrueAsync(() => broker.Backlog("redeliver", "s") == 0, "everything was acknowledged");
    }

    [Fact]
    public async Task A_negatively_acknowledged_message_is_redelivered_alone()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "nack", SubscriptionName = "s" });
        broker.Publish("nack", Text("a"));
        broker.Publish("nack", Text("b"));

        var a = await Receive(consumer);
        var b = await Receive(consumer);
        await consumer.AcknowledgeAsync(b.Id);
        await consumer.RedeliverAsync(a.Id);
        var again = await Receive(consumer);

        Assert.Equal("a", Text(again.Payload));
        Assert.Equal(1, again.RedeliveryCount);
    }

    [Fact]
    public async Task A_batch_with_one_message_handed_back_is_not_acknowledged_by_its_siblings_and_comes_again()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "batch-nack", SubscriptionName = "s" });
        broker.PublishBatch("batch-nack", [new FakeOutgoingMessage(Text("a")), new FakeOutgoingMessage(Text("b")), new FakeOutgoingMessage(Text("c"))]);
        var first = new[] { await Receive(consumer), await Receive(consumer), await Receive(consumer) };

        await consumer.RedeliverAsync(first[0].Id);
        await consumer.AcknowledgeAsync(first[1].Id);
        await consumer.AcknowledgeAsync(first[2].Id);
        var again = new[] { await Receive(consumer), await Receive(consumer), await Receive(consumer) };

        Assert.Empty(broker.Acks("batch-nack", "s"));
        Assert.Equal(["a", "b", "c"], again.Select(m => Text(m.Payload)));
        Assert.All(again, m => Assert.Equal(1, m.RedeliveryCount));
        foreach (var message in again)
            await consumer.AcknowledgeAsync(message.Id);
        await Eventually.TrueAsync(() => broker.Backlog("batch-nack", "s") == 0, "the redelivered entry was acknowledged");
    }

    [Fact]
    public async Task A_broker_redelivery_hands_the_same_message_over_again()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "broker-redeliver", SubscriptionName = "s" });
        var id = broker.Publish("broker-redeliver", Text("once"));
        var first = await Receive(consumer);

        broker.RedeliverUnacknowledged("broker-redeliver", "s");
        var second = await Receive(consumer);

        Assert.Equal(id, first.Id);
        Assert.Equal(id, second.Id);
        Assert.Equal(1, second.RedeliveryCount);
    }

    [Fact]
    public async Task A_consumer_closed_by_the_broker_subscribes_again_and_gets_its_unacknowledged_messages()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "close-consumer", SubscriptionName = "s" });
        broker.Publish("close-consumer", Text("a"));
        var a = await Receive(consumer);

        Assert.Equal(1, broker.CloseConsumers("close-consumer"));
        await Eventually.TrueAsync(() => broker.Received(BaseCommand.Types.Type.Subscribe) == 2, "the consumer subscribed again");
        var again = await Receive(consumer);
        broker.Publish("close-consumer", Text("b"));
        var b = await Receive(consumer);

        Assert.Equal(a.Id, again.Id);
        Assert.Equal(1, again.RedeliveryCount);
        Assert.Equal("b", Text(b.Payload));
        Assert.Empty(broker.ProtocolViolations);
    }

    [Fact]
    public async Task A_consumer_closed_in_the_middle_of_a_dispatch_gets_everything_after_resubscribing()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "mid-dispatch", SubscriptionName = "s" });
        broker.CloseConsumerAfterDispatches(3);
        for (var i = 0; i < 10; i++)
            broker.Publish("mid-dispatch", Text($"m{i}"));

        var seen = new HashSet<string>();
        while (seen.Count < 10)
        {
            var message = await Receive(consumer);
            seen.Add(Text(message.Payload));
            await consumer.AcknowledgeAsync(message.Id);
        }

        await Eventually.TrueAsync(() => broker.Backlog("mid-dispatch", "s") == 0, "everything was acknowledged");
        Assert.Equal(2, broker.Received(BaseCommand.Types.Type.Subscribe));
        Assert.Empty(broker.ProtocolViolations);
    }

    [Fact]
    public async Task After_the_connection_is_lost_the_consumer_resubscribes_and_nothing_unacknowledged_is_lost()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "lost", SubscriptionName = "s", ReceiverQueueSize = 4 });
        for (var i = 0; i < 10; i++)
            broker.Publish("lost", Text($"m{i}"));
        var seen = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            var message = await Receive(consumer);
            seen.Add(Text(message.Payload));
            await consumer.AcknowledgeAsync(message.Id);
        }

        broker.DisconnectAll();
        while (seen.Count < 10)
        {
            var message = await Receive(consumer);
            seen.Add(Text(message.Payload));
            await consumer.AcknowledgeAsync(message.Id);
        }

        await Eventually.TrueAsync(() => broker.Backlog("lost", "s") == 0, "everything was acknowledged");
        Assert.True(broker.ConnectionsAccepted >= 2);
    }

    [Fact]
    public async Task A_message_with_a_corrupted_checksum_is_not_delivered_and_comes_again_intact()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "corrupt", SubscriptionName = "s" });
        broker.CorruptNextMessageChecksum();

        var id = broker.Publish("corrupt", Text("intact"));
        var message = await Receive(consumer);

        Assert.Equal(id, message.Id);
        Assert.Equal("intact", Text(message.Payload));
        Assert.Equal(1, message.RedeliveryCount);
        Assert.Equal(1, broker.Received(BaseCommand.Types.Type.RedeliverUnacknowledgedMessages));
        broker.Publish("corrupt", Text("next"));
        Assert.Equal("next", Text((await Receive(consumer)).Payload));
    }

    [Fact]
    public async Task Key_shared_consumers_each_get_whole_keys_in_order()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        var options = new PulsarConsumerOptions { Topic = "keys", SubscriptionName = "s", SubscriptionType = SubscriptionType.KeyShared };
        await using var first = await client.SubscribeAsync(options);
        await using var second = await client.SubscribeAsync(options);
        var keys = Enumerable.Range(0, 8).Select(k => $"key-{k}").ToArray();
        for (var i = 0; i < 80; i++)
            broker.Publish("keys", Text($"{i}"), keys[i % keys.Length]);

        var byConsumer = new Dictionary<string, List<PulsarMessage>> { [first.ConsumerName] = [], [second.ConsumerName] = [] };
        using var drained = new CancellationTokenSource(Eventually.Patience);
        while (byConsumer.Values.Sum(l => l.Count) < 80)
        {
            foreach (var consumer in new[] { first, second })
            {
                using var quick = CancellationTokenSource.CreateLinkedTokenSource(drained.Token);
                quick.CancelAfter(TimeSpan.FromMilliseconds(20));
                try
                {
                    var message = await consumer.ReceiveAsync(quick.Token);
                    byConsumer[consumer.ConsumerName].Add(message);
                    await consumer.AcknowledgeAsync(message.Id);
                }
                catch (OperationCanceledException) when (!drained.IsCancellationRequested)
                {
                }
            }
        }

        var firstKeys = byConsumer[first.ConsumerName].Select(m => m.Key).ToHashSet();
        var secondKeys = byConsumer[second.ConsumerName].Select(m => m.Key).ToHashSet();
        Assert.Empty(firstKeys.Intersect(secondKeys));
        foreach (var list in byConsumer.Values)
        {
            foreach (var group in list.GroupBy(m => m.Key))
                Assert.Equal(group.Select(m => int.Parse(Text(m.Payload), System.Globalization.CultureInfo.InvariantCulture)).Order(), group.Select(m => int.Parse(Text(m.Payload), System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task Subscribing_with_an_empty_subscription_name_is_refused_naming_the_field()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.SubscribeAsync(new PulsarConsumerOptions { Topic = "t", SubscriptionName = " " }));
        Assert.Contains("SubscriptionName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_producer_and_a_consumer_of_this_client_talk_to_each_other_through_the_broker()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "roundtrip", SubscriptionName = "s" });
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "roundtrip", ProducerName = "rt" });

        var sent = await producer.SendAsync(Text("hi"), key: "k", properties: new Dictionary<string, string> { ["p"] = "v" });
        var received = await Receive(consumer);

        Assert.Equal(sent, received.Id);
        Assert.Equal("hi", Text(received.Payload));
        Assert.Equal("k", received.Key);
        Assert.Equal("v", received.Properties["p"]);
        Assert.Equal("rt", received.ProducerName);
        Assert.Equal(0, received.SequenceId);
        Assert.Equal(0, received.RedeliveryCount);
    }
}
