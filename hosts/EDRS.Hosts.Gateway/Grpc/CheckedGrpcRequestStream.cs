using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using EDRS.Grains.Runtime;
using Google.Protobuf.Reflection;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>
/// A gRPC request body that hands each length-prefixed message on only after checking it on the wire
/// (<see cref="TextHygiene.OnWire"/>): a string that is not UTF-8 or holds NUL fails the call with INVALID_ARGUMENT and a
/// google.rpc.BadRequest naming the field, where protobuf's parser would fail it with UNKNOWN and no field (or another
/// parser would turn the bytes into U+FFFD). Compressed messages (gzip, deflate) are checked decompressed; a message over
/// the gateway's size limit, or in an encoding the gateway does not serve, is passed on unchecked for gRPC to refuse.
/// </summary>
/// <remarks>Hand-written: gRPC for ASP.NET Core has no hook between reading a message and parsing it.</remarks>
internal sealed class CheckedGrpcRequestStream(Stream inner, MessageDescriptor type, string encoding) : Stream
{
    private const int HeaderLength = 5;
    private byte[]? _frame;
    private int _frameLength;
    private int _served;
    private long _passThrough;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
            return 0;
        if (_served == _frameLength && _passThrough > 0)
        {
            var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _passThrough)], cancellationToken).ConfigureAwait(false);
            _passThrough -= read;
            return read;
        }
        if (_served == _frameLength && !await NextFrameAsync(cancellationToken).ConfigureAwait(false))
            return 0;
        var count = Math.Min(buffer.Length, _frameLength - _served);
        _frame.AsMemory(_served, count).CopyTo(buffer);
        _served += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>Reads the next whole message (header and body) and checks it; false at the end of the body.</summary>
    private async Task<bool> NextFrameAsync(CancellationToken cancellationToken)
    {
        Release();
        var header = ArrayPool<byte>.Shared.Rent(HeaderLength);
        var got = await FillAsync(header.AsMemory(0, HeaderLength), cancellationToken).ConfigureAwait(false);
        if (got < HeaderLength)
        {
            // The end of the body, or a truncated header gRPC reports itself.
            Serve(header, got);
            return got > 0;
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1, 4));
        if (length > GrainGatewayRegistration.MaxReceiveMessageSize)
        {
            Serve(header, HeaderLength);
            _passThrough = length;
            return true;
        }
        var frame = ArrayPool<byte>.Shared.Rent(HeaderLength + (int)length);
        header.AsSpan(0, HeaderLength).CopyTo(frame);
        ArrayPool<byte>.Shared.Return(header);
        got = await FillAsync(frame.AsMemory(HeaderLength, (int)length), cancellationToken).ConfigureAwait(false);
        Serve(frame, HeaderLength + got);
        if (got == length && Plain(frame[0] == 1, frame.AsSpan(HeaderLength, got)) is { } message
            && TextHygiene.OnWire(type, message) is { } violation)
            throw GrainStatusMapping.InvalidProtoField(violation.Field.Length > 0 ? violation.Field : "request", violation.Description);
        return true;
    }

    /// <summary>The message as serialized: decompressed if it came compressed; null when it cannot be (gRPC refuses it then).</summary>
    private byte[]? Plain(bool compressed, ReadOnlySpan<byte> body)
    {
        if (!compressed)
            return body.ToArray();
        using var input = new MemoryStream(body.ToArray());
        using Stream? decompressing = encoding switch
        {
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            "deflate" => new ZLibStream(input, CompressionMode.Decompress),
            _ => null,
        };
        if (decompressing is null)
            return null;
        using var output = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = decompressing.Read(chunk)) > 0)
            {
                output.Write(chunk, 0, read);
                if (output.Length > GrainGatewayRegistration.MaxReceiveMessageSize)
                    return null;
            }
        }
        catch (InvalidDataException)
        {
            return null;
        }
        return output.ToArray();
    }

    private async Task<int> FillAsync(Memory<byte> target, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < target.Length)
        {
            var read = await inner.ReadAsync(target[filled..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
                break;
            filled += read;
        }
        return filled;
    }

    private void Serve(byte[] frame, int length) => (_frame, _frameLength, _served) = (frame, length, 0);

    private void Release()
    {
        if (_frame is not null)
            ArrayPool<byte>.Shared.Return(_frame);
        (_frame, _frameLength, _served) = (null, 0, 0);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Release();
        base.Dispose(disposing);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
