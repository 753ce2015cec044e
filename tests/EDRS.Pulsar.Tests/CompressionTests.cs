using System.Text;
using EDRS.Pulsar.FakeBroker;
using EDRS.Pulsar.Protocol;
using EDRS.Testing;

namespace EDRS.Pulsar.Tests;

/// <summary>Payload codecs, and compressed messages through the fake broker (a test double: no Pulsar server runs here).</summary>
public sealed class CompressionTests
{
    private static readonly byte[] Hello = Encoding.ASCII.GetBytes("hello");

    [Theory]
    [InlineData(CompressionType.Zlib, "789ccb48cdc9c90700062c0215")] // zlib.compress(b"hello"), as Java's Deflater writes it
    [InlineData(CompressionType.Lz4, "5068656c6c6f")] // one LZ4 block: token 0x50 (5 literals), "hello"
    [InlineData(CompressionType.Snappy, "051068656c6c6f")] // snappy raw block: length 5, literal of 5
    public void Payloads_written_by_other_implementations_decode(CompressionType type, string hex)
    {
        Assert.Equal(Hello, PayloadCompression.Decompress(type, Convert.FromHexString(hex), Hello.Length));
    }

    [Theory]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zlib)]
    [InlineData(CompressionType.Zstd)]
    [InlineData(CompressionType.Snappy)]
    public void Every_codec_round_trips_and_refuses_a_wrong_size(CompressionType type)
    {
        var payload = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("persona.hired ", 500)));
        var compressed = PayloadCompression.Compress(type, payload);

        Assert.True(compressed.Length < payload.Length);
        Assert.Equal(payload, PayloadCompression.Decompress(type, compressed, payload.Length));
        Assert.Throws<PulsarProtocolException>(() => PayloadCompression.Decompress(type, compressed, payload.Length + 1));
    }

    [Theory]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zlib)]
    [InlineData(CompressionType.Zstd)]
    [InlineData(CompressionType.Snappy)]
    public async Task A_compressing_producer_and_a_consumer_exchange_messages(CompressionType type)
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "compressed", SubscriptionName = "s" });
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "compressed", Compression = type });
        var payload = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"event_type\":\"support.ticket_opened\"}", 100)));

        await producer.SendAsync(payload, key: "k");
        var message = await Eventually.Within(consumer.ReceiveAsync(), "the compressed message");

        Assert.Equal(payload, message.Payload.ToArray());
        var stored = Assert.Single(broker.StoredEntries("compressed"));
        Assert.Equal(type, stored.Compression);
        Assert.True(stored.Payload.Length < payload.Length);
        Assert.Equal(payload, broker.Published("compressed").Single().Payload.ToArray());
    }

    [Fact]
    public async Task A_compressed_batch_is_decompressed_then_unpacked()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "compressed-batch", SubscriptionName = "s" });

        broker.PublishBatch("compressed-batch", [new FakeOutgoingMessage("one"u8.ToArray(), "a"), new FakeOutgoingMessage("two"u8.ToArray(), "b")], CompressionType.Zstd);
        var first = await Eventually.Within(consumer.ReceiveAsync(), "the first batched message");
        var second = await Eventually.Within(consumer.ReceiveAsync(), "the second batched message");

        Assert.Equal(["one", "two"], new[] { first, second }.Select(m => Encoding.UTF8.GetString(m.Payload.Span)));
        Assert.Equal(["a", "b"], new[] { first, second }.Select(m => m.Key));
    }

    [Fact]
    public async Task A_payload_that_does_not_decompress_is_not_handed_out_and_the_next_one_is()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "bad-zlib", SubscriptionName = "s" });

        // A producer bug, not line noise: the checksum is right, the ZLIB stream is not.
        broker.Publish("bad-zlib", "not zlib at all"u8.ToArray(), compression: CompressionType.None);
        broker.PublishRaw("bad-zlib", "garbage"u8.ToArray(), CompressionType.Zlib, uncompressedSize: 100);
        broker.Publish("bad-zlib", "after"u8.ToArray());

        var first = await Eventually.Within(consumer.ReceiveAsync(), "the first message");
        var next = await Eventually.Within(consumer.ReceiveAsync(), "the message after the undecodable one");

        await consumer.AcknowledgeAsync(first.Id);
        await consumer.AcknowledgeAsync(next.Id);

        Assert.Equal("not zlib at all", Encoding.UTF8.GetString(first.Payload.Span));
        Assert.Equal("after", Encoding.UTF8.GetString(next.Payload.Span));
        await Eventually.TrueAsync(() => broker.Backlog("bad-zlib", "s") == 1 && broker.Unacknowledged("bad-zlib", "s") == 1, "only the undecodable message is left, unacknowledged");
        Assert.Equal("garbage", Encoding.UTF8.GetString(broker.Published("bad-zlib")[1].Payload.Span));
    }
}
