using System.Text;
using EDRS.Pulsar.FakeBroker;
using EDRS.Testing;

namespace EDRS.Pulsar.Tests;

/// <summary>Partitioned topics against the fake broker (a test double that answers PARTITIONED_METADATA and serves each partition as a topic).</summary>
public sealed class PartitionedTopicTests
{
    private static byte[] Text(string value) => Encoding.UTF8.GetBytes(value);

    private static string Text(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);

    [Theory]
    [InlineData("abc", 7, 6)]
    [InlineData("abc", 3, 0)]
    [InlineData("polygenelubricants", 5, 0)] // Java's hashCode is int.MinValue here: the sign bit is masked off
    [InlineData("", 4, 0)]
    public void A_key_goes_to_the_partition_a_java_client_would_choose(string key, int partitions, int expected)
    {
        Assert.Equal(expected, PulsarProducer.PartitionOf(key, partitions));
    }

    [Fact]
    public async Task A_producer_on_a_partitioned_topic_sends_each_key_to_its_partition_and_spreads_keyless_messages()
    {
        await using var broker = FakePulsarBroker.Start();
        broker.CreatePartitionedTopic("parted", 3);
        await using var client = PulsarTestClient.Create(broker);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "parted", ProducerName = "pp" });

        Assert.Equal(3, producer.Partitions);
        var keyed = new List<(string Key, MessageId Id)>();
        for (var i = 0; i < 30; i++)
        {
            var key = $"stream-{i % 10}";
            keyed.Add((key, await producer.SendAsync(Text($"k{i}"), key: key)));
        }

        for (var i = 0; i < 6; i++)
            await producer.SendAsync(Text($"n{i}"));

        Assert.All(keyed, k => Assert.Equal(PulsarProducer.PartitionOf(k.Key, 3), k.Id.Partition));
        for (var p = 0; p < 3; p++)
        {
            var stored = broker.Published($"parted-partition-{p}");
            Assert.All(stored.Where(m => m.Key is not null), m => Assert.Equal(p, PulsarProducer.PartitionOf(m.Key!, 3)));
            Assert.Equal(2, stored.Count(m => m.Key is null));
            Assert.All(stored, m => Assert.Equal("pp", m.ProducerName));
        }

        Assert.Empty(broker.ProtocolViolations);
    }

    [Fact]
    public async Task Restarting_a_producer_on_a_partitioned_topic_stores_each_sequence_id_once()
    {
        await using var broker = FakePulsarBroker.Start();
        broker.CreatePartitionedTopic("parted-outbox", 2);
        await using (var first = PulsarTestClient.Create(broker))
        {
            await using var producer = await first.CreateProducerAsync(new PulsarProducerOptions { Topic = "parted-outbox", ProducerName = "ob" });
            for (var i = 0; i < 10; i++)
                await producer.SendAsync(Text($"m{i}"), key: $"s{i % 4}", sequenceId: i);
        }

        await using var second = PulsarTestClient.Create(broker);
        await using var again = await second.CreateProducerAsync(new PulsarProducerOptions { Topic = "parted-outbox", ProducerName = "ob" });
        var replayed = new List<MessageId>();
        for (var i = 0; i < 12; i++)
            replayed.Add(await again.SendAsync(Text($"m{i}"), key: $"s{i % 4}", sequenceId: i));

        Assert.All(replayed.Take(10), id => Assert.True(id.IsDuplicate));
        Assert.All(replayed.Skip(10), id => Assert.False(id.IsDuplicate));
        var all = broker.Published("parted-outbox-partition-0").Concat(broker.Published("parted-outbox-partition-1")).Select(m => m.SequenceId).Order();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), all);
    }

    [Fact]
    public async Task A_consumer_on_a_partitioned_topic_receives_from_every_partition_and_acknowledges_each_where_it_came_from()
    {
        await using var broker = FakePulsarBroker.Start();
        broker.CreatePartitionedTopic("parted-in", 3);
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "parted-in", SubscriptionName = "s", ReceiverQueueSize = 4 });
        Assert.Equal(3, consumer.Partitions);
        for (var i = 0; i < 30; i++)
            broker.Publish($"parted-in-partition-{i % 3}", Text($"m{i}"));

        var received = new List<PulsarMessage>();
        while (received.Count < 30)
        {
            var message = await Eventually.Within(consumer.ReceiveAsync(), "the next message");
            received.Add(message);
            await consumer.AcknowledgeAsync(message.Id);
        }

        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"m{i}").Order(), received.Select(m => Text(m.Payload)).Order());
        Assert.All(received, m => Assert.Equal($"persistent://public/default/parted-in-partition-{m.Id.Partition}", m.Topic));
        for (var p = 0; p < 3; p++)
        {
            var partition = p;
            await Eventually.TrueAsync(() => broker.Backlog($"parted-in-partition-{partition}", "s") == 0, $"partition {partition} was acknowledged");
        }

        await Assert.ThrowsAsync<ArgumentException>(() => consumer.AcknowledgeAsync(new MessageId(1, 1, Partition: 7)));
        Assert.Empty(broker.ProtocolViolations);
    }
}
