using System.IO.Compression;
using K4os.Compression.LZ4;

namespace EDRS.Pulsar.Protocol;

/// <summary>
/// The payload codecs of <c>MessageMetadata.compression</c>, in the formats Pulsar's own clients write: LZ4 as a raw
/// block, ZLIB as a zlib stream, ZSTD as a zstd frame, SNAPPY as a raw block. The uncompressed size travels in
/// <c>uncompressed_size</c>. A batch is compressed as a whole, before it is split into its messages.
/// </summary>
public static class PayloadCompression
{
    public static byte[] Compress(CompressionType type, ReadOnlySpan<byte> payload)
    {
        switch (type)
        {
            case CompressionType.None:
                return payload.ToArray();
            case CompressionType.Lz4:
                var target = new byte[LZ4Codec.MaximumOutputSize(payload.Length)];
                var written = LZ4Codec.Encode(payload, target, LZ4Level.L00_FAST);
                return target.AsSpan(0, written).ToArray();
            case CompressionType.Zlib:
                using (var buffer = new MemoryStream())
                {
                    using (var zlib = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
                        zlib.Write(payload);
                    return buffer.ToArray();
                }

            case CompressionType.Zstd:
                using (var zstd = new ZstdSharp.Compressor())
                    return zstd.Wrap(payload).ToArray();
            case CompressionType.Snappy:
                return Snappier.Snappy.CompressToArray(payload);
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown compression type.");
        }
    }

    /// <summary>Restores <paramref name="uncompressedSize"/> bytes; a payload that does not decode to exactly that is a <see cref="PulsarProtocolException"/>.</summary>
    public static byte[] Decompress(CompressionType type, ReadOnlySpan<byte> payload, int uncompressedSize)
    {
        if (type == CompressionType.None)
            return payload.ToArray();
        if (uncompressedSize < 0)
            throw new PulsarProtocolException($"A {type} payload needs its uncompressed size (was {uncompressedSize}).");
        var target = new byte[uncompressedSize];
        int produced;
        try
        {
            switch (type)
            {
                case CompressionType.Lz4:
                    produced = LZ4Codec.Decode(payload, target);
                    break;
                case CompressionType.Zlib:
                    using (var zlib = new ZLibStream(new MemoryStream(payload.ToArray()), CompressionMode.Decompress))
                    {
                        zlib.ReadExactly(target);
                        if (zlib.ReadByte() >= 0)
                            throw new PulsarProtocolException($"A ZLIB payload holds more than its uncompressed size {uncompressedSize}.");
                    }

                    produced = uncompressedSize;
                    break;
                case CompressionType.Zstd:
                    using (var zstd = new ZstdSharp.Decompressor())
                        produced = zstd.Unwrap(payload, target);
                    break;
                case CompressionType.Snappy:
                    if (Snappier.Snappy.GetUncompressedLength(payload) != uncompressedSize)
                        throw new PulsarProtocolException($"A SNAPPY payload does not hold {uncompressedSize} bytes.");
                    produced = Snappier.Snappy.Decompress(payload, target);
                    break;
                default:
                    throw new PulsarProtocolException($"Unknown compression type {type}.");
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException or InvalidOperationException or ZstdSharp.ZstdException)
        {
            throw new PulsarProtocolException($"A {type} payload does not decompress: {e.Message}");
        }

        if (produced != uncompressedSize)
            throw new PulsarProtocolException($"A {type} payload decompressed to {produced} bytes, not its uncompressed size {uncompressedSize}.");
        return target;
    }
}
