using System.Buffers.Binary;
using Google.Protobuf;

namespace EDRS.Pulsar.Protocol;

/// <summary>
/// The payload of a batched entry (<c>num_messages_in_batch</c> set in the metadata): the messages one after another,
/// each as <c>[size:u32][SingleMessageMetadata][payload of payload_size bytes]</c>.
/// </summary>
public static class BatchPayload
{
    public static byte[] Encode(IReadOnlyList<(SingleMessageMetadata Metadata, ReadOnlyMemory<byte> Payload)> messages)
    {
        using var buffer = new MemoryStream();
        Span<byte> size = stackalloc byte[4];
        foreach (var (metadata, payload) in messages)
        {
            var single = metadata.Clone();
            single.PayloadSize = payload.Length;
            BinaryPrimitives.WriteUInt32BigEndian(size, (uint)single.CalculateSize());
            buffer.Write(size);
            single.WriteTo(buffer);
            buffer.Write(payload.Span);
        }

        return buffer.ToArray();
    }

    public static IReadOnlyList<(SingleMessageMetadata Metadata, ReadOnlyMemory<byte> Payload)> Decode(ReadOnlyMemory<byte> payload, int count)
    {
        if (count < 1)
            throw new PulsarProtocolException($"A batch holds at least one message (num_messages_in_batch was {count}).");
        var messages = new List<(SingleMessageMetadata, ReadOnlyMemory<byte>)>(count);
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            var span = payload.Span;
            if (span.Length - at < 4)
                throw new PulsarProtocolException($"Batch entry {i} of {count} is truncated.");
            var metadataSize = BinaryPrimitives.ReadUInt32BigEndian(span[at..]);
            at += 4;
            if (metadataSize > (uint)(span.Length - at))
                throw new PulsarProtocolException($"Batch entry {i}: metadata overruns the payload.");
            SingleMessageMetadata single;
            try
            {
                single = SingleMessageMetadata.Parser.ParseFrom(span.Slice(at, (int)metadataSize));
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new PulsarProtocolException($"Batch entry {i}: invalid metadata: {e.Message}");
            }

            at += (int)metadataSize;
            if (single.PayloadSize < 0 || single.PayloadSize > span.Length - at)
                throw new PulsarProtocolException($"Batch entry {i}: payload size {single.PayloadSize} overruns the payload.");
            messages.Add((single, payload.Slice(at, single.PayloadSize)));
            at += single.PayloadSize;
        }

        return messages;
    }
}
