using System.Buffers.Binary;
using System.Text;
using EDRS.Pulsar.Protocol;
using Google.Protobuf;

namespace EDRS.Pulsar.Tests;

public sealed class FramingTests
{
    [Theory]
    [InlineData("123456789", 0xE3069283u)]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x22620404u)]
    public void Crc32C_matches_the_published_check_values(string text, uint expected)
    {
        Assert.Equal(expected, Crc32C.Compute(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Crc32C_matches_the_iSCSI_test_vectors()
    {
        // RFC 3720, B.4: 32 bytes of zeros, of ones, ascending and descending.
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Fact]
    public void Crc32C_is_the_same_whichever_way_the_bytes_are_split()
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        var whole = Crc32C.Compute(data);
        for (var split = 0; split <= 17; split++)
        {
            var state = Crc32C.Append(uint.MaxValue, data.AsSpan(0, split));
            Assert.Equal(whole, ~Crc32C.Append(state, data.AsSpan(split)));
        }
    }

    [Fact]
    public void A_simple_command_is_total_size_then_command_size_then_the_command_big_endian()
    {
        var command = new BaseCommand { Type = BaseCommand.Types.Type.Ping, Ping = new CommandPing() };
        var frame = PulsarFrameCodec.Encode(command);
        var commandBytes = command.ToByteArray();

        Assert.Equal((uint)(4 + commandBytes.Length), BinaryPrimitives.ReadUInt32BigEndian(frame));
        Assert.Equal((uint)commandBytes.Length, BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4)));
        Assert.Equal(commandBytes, frame[8..]);
        var decoded = PulsarFrameCodec.Decode(frame.AsMemory(4));
        Assert.Equal(BaseCommand.Types.Type.Ping, decoded.Type);
        Assert.Null(decoded.Metadata);
    }

    [Fact]
    public void A_send_frame_carries_magic_and_a_crc32c_over_metadata_size_metadata_and_payload()
    {
        var command = new BaseCommand { Type = BaseCommand.Types.Type.Send, Send = new CommandSend { ProducerId = 3, SequenceId = 42 } };
        var metadata = new MessageMetadata { ProducerName = "p", SequenceId = 42, PublishTime = 1 };
        var payload = Encoding.UTF8.GetBytes("hello pulsar");
        var frame = PulsarFrameCodec.Encode(command, metadata, payload);

        var commandSize = (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4));
        var at = 8 + commandSize;
        Assert.Equal(0x0e01, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(at)));
        var checksum = BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(at + 2));
        Assert.Equal(Crc32C.Compute(frame.AsSpan(at + 6)), checksum);
        var metadataSize = (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(at + 6));
        Assert.Equal(metadata.CalculateSize(), metadataSize);
        Assert.Equal(payload, frame[(at + 10 + metadataSize)..]);
        Assert.Equal((uint)(frame.Length - 4), BinaryPrimitives.ReadUInt32BigEndian(frame));

        var decoded = PulsarFrameCodec.Decode(frame.AsMemory(4));
        Assert.True(decoded.HasChecksum);
        Assert.True(decoded.ChecksumValid);
        Assert.Equal(42ul, decoded.Command.Send.SequenceId);
        Assert.Equal("p", decoded.Metadata!.ProducerName);
        Assert.Equal(payload, decoded.Payload.ToArray());
    }

    [Fact]
    public void A_flipped_payload_byte_fails_the_checksum()
    {
        var frame = PulsarFrameCodec.Encode(
            new BaseCommand { Type = BaseCommand.Types.Type.Send, Send = new CommandSend { ProducerId = 1, SequenceId = 1 } },
            new MessageMetadata { ProducerName = "p", SequenceId = 1, PublishTime = 1 },
            new byte[] { 1, 2, 3 });
        frame[^1] ^= 0x01;

        var decoded = PulsarFrameCodec.Decode(frame.AsMemory(4));

        Assert.True(decoded.HasChecksum);
        Assert.False(decoded.ChecksumValid);
    }

    [Fact]
    public async Task A_frame_larger_than_the_limit_is_refused_before_its_body_is_read()
    {
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, PulsarFrameCodec.DefaultMaxMessageSize + PulsarFrameCodec.FramePadding + 1);
        using var stream = new MemoryStream(header);

        var error = await Assert.ThrowsAsync<PulsarProtocolException>(async () =>
            await PulsarFrameCodec.ReadAsync(stream, PulsarFrameCodec.DefaultMaxMessageSize + PulsarFrameCodec.FramePadding, CancellationToken.None));
        Assert.Contains("outside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_size_beyond_the_frame_is_a_protocol_error()
    {
        var body = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(body, 100);
        Assert.Throws<PulsarProtocolException>(() => PulsarFrameCodec.Decode(body));
    }

    [Fact]
    public void A_batch_payload_round_trips_with_keys_properties_and_sizes()
    {
        var first = new SingleMessageMetadata { PartitionKey = "k1" };
        first.Properties.Add(new KeyValue { Key = "a", Value = "1" });
        var encoded = BatchPayload.Encode([(first, new byte[] { 1, 2 }), (new SingleMessageMetadata(), new byte[] { 3 })]);

        var decoded = BatchPayload.Decode(encoded, 2);

        Assert.Equal(2, decoded.Count);
        Assert.Equal("k1", decoded[0].Metadata.PartitionKey);
        Assert.Equal("1", decoded[0].Metadata.Properties.Single().Value);
        Assert.Equal(new byte[] { 1, 2 }, decoded[0].Payload.ToArray());
        Assert.Equal(new byte[] { 3 }, decoded[1].Payload.ToArray());
        Assert.Throws<PulsarProtocolException>(() => BatchPayload.Decode(encoded, 3));
    }
}
