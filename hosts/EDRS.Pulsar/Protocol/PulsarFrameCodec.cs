using System.Buffers.Binary;
using Google.Protobuf;

namespace EDRS.Pulsar.Protocol;

/// <summary>
/// The Pulsar frame layout, both directions. Simple commands are
/// <c>[totalSize:u32][commandSize:u32][BaseCommand]</c>; SEND and MESSAGE add
/// <c>[0x0e01][crc32c:u32][metadataSize:u32][MessageMetadata][payload]</c>, the checksum covering everything after it.
/// All integers are big-endian; totalSize counts every byte after itself.
/// </summary>
public static class PulsarFrameCodec
{
    /// <summary>The magic number that announces a checksum (protocol v6+).</summary>
    public const ushort ChecksumMagic = 0x0e01;

    /// <summary>The magic number of broker entry metadata, which a broker may put before the checksum.</summary>
    public const ushort BrokerEntryMetadataMagic = 0x0e02;

    /// <summary>Pulsar's default maximum message size (5 MB).</summary>
    public const int DefaultMaxMessageSize = 5 * 1024 * 1024;

    /// <summary>Room for the command and metadata around a maximal payload, as brokers allow.</summary>
    public const int FramePadding = 10 * 1024;

    public static byte[] Encode(BaseCommand command)
    {
        var commandSize = command.CalculateSize();
        var frame = new byte[8 + commandSize];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(4 + commandSize));
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)commandSize);
        command.WriteTo(frame.AsSpan(8, commandSize));
        return frame;
    }

    public static byte[] Encode(BaseCommand command, MessageMetadata metadata, ReadOnlySpan<byte> payload)
    {
        var commandSize = command.CalculateSize();
        var metadataSize = metadata.CalculateSize();
        var totalSize = 4 + commandSize + 2 + 4 + 4 + metadataSize + payload.Length;
        var frame = new byte[4 + totalSize];
        var span = frame.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)totalSize);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)commandSize);
        command.WriteTo(span.Slice(8, commandSize));
        var at = 8 + commandSize;
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], ChecksumMagic);
        var checksumAt = at + 2;
        var checkedFrom = checksumAt + 4;
        BinaryPrimitives.WriteUInt32BigEndian(span[checkedFrom..], (uint)metadataSize);
        metadata.WriteTo(span.Slice(checkedFrom + 4, metadataSize));
        payload.CopyTo(span[(checkedFrom + 4 + metadataSize)..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[checksumAt..], Crc32C.Compute(span[checkedFrom..]));
        return frame;
    }

    /// <summary>
    /// Reads one whole frame. Returns null when the stream ends cleanly between frames. A frame larger than
    /// <paramref name="maxFrameSize"/> is refused before its body is read.
    /// </summary>
    public static async ValueTask<PulsarFrame?> ReadAsync(Stream stream, int maxFrameSize, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        if (!await ReadExactlyOrEndAsync(stream, header, cancellationToken).ConfigureAwait(false))
            return null;
        var totalSize = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (totalSize < 4 || totalSize > (uint)maxFrameSize)
            throw new PulsarProtocolException($"Frame of {totalSize} bytes is outside 4..{maxFrameSize}.");
        var body = new byte[totalSize];
        await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return Decode(body);
    }

    /// <summary>Decodes the bytes after <c>totalSize</c>.</summary>
    public static PulsarFrame Decode(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (span.Length < 4)
            throw new PulsarProtocolException("Frame too short for its command size.");
        var commandSize = BinaryPrimitives.ReadUInt32BigEndian(span);
        if (commandSize == 0 || commandSize > (uint)(span.Length - 4))
            throw new PulsarProtocolException($"Command size {commandSize} does not fit a frame of {span.Length} bytes.");
        BaseCommand command;
        try
        {
            command = BaseCommand.Parser.ParseFrom(span.Slice(4, (int)commandSize));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new PulsarProtocolException($"Command is not a valid BaseCommand: {e.Message}");
        }

        var at = 4 + (int)commandSize;
        if (at == span.Length)
            return new PulsarFrame(command, null, ReadOnlyMemory<byte>.Empty, HasChecksum: false, ChecksumValid: true);

        if (Remaining(span, at) >= 2 && BinaryPrimitives.ReadUInt16BigEndian(span[at..]) == BrokerEntryMetadataMagic)
        {
            // Broker entry metadata (index, broker timestamp) is not used here: skip it.
            if (Remaining(span, at) < 6)
                throw new PulsarProtocolException("Truncated broker entry metadata.");
            var brokerEntrySize = BinaryPrimitives.ReadUInt32BigEndian(span[(at + 2)..]);
            if (brokerEntrySize > (uint)Remaining(span, at + 6))
                throw new PulsarProtocolException("Broker entry metadata overruns the frame.");
            at += 6 + (int)brokerEntrySize;
        }

        var hasChecksum = false;
        var checksumValid = true;
        if (Remaining(span, at) >= 2 && BinaryPrimitives.ReadUInt16BigEndian(span[at..]) == ChecksumMagic)
        {
            if (Remaining(span, at) < 6)
                throw new PulsarProtocolException("Truncated checksum.");
            var expected = BinaryPrimitives.ReadUInt32BigEndian(span[(at + 2)..]);
            at += 6;
            hasChecksum = true;
            checksumValid = Crc32C.Compute(span[at..]) == expected;
        }

        if (Remaining(span, at) < 4)
            throw new PulsarProtocolException("Truncated metadata size.");
        var metadataSize = BinaryPrimitives.ReadUInt32BigEndian(span[at..]);
        at += 4;
        if (metadataSize > (uint)Remaining(span, at))
            throw new PulsarProtocolException($"Metadata size {metadataSize} overruns the frame.");
        MessageMetadata metadata;
        try
        {
            metadata = MessageMetadata.Parser.ParseFrom(span.Slice(at, (int)metadataSize));
        }
        catch (InvalidProtocolBufferException e) when (!checksumValid)
        {
            // Damaged bytes: report the checksum failure rather than the parse failure.
            _ = e;
            metadata = new MessageMetadata();
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new PulsarProtocolException($"Message metadata is not valid: {e.Message}");
        }

        at += (int)metadataSize;
        return new PulsarFrame(command, metadata, body[at..], hasChecksum, checksumValid);
    }

    private static int Remaining(ReadOnlySpan<byte> span, int at) => span.Length - at;

    private static async ValueTask<bool> ReadExactlyOrEndAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (read == 0)
                    return false;
                throw new EndOfStreamException("The connection ended inside a frame header.");
            }

            read += n;
        }

        return true;
    }
}
