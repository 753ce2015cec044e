using Google.Protobuf;
using Grpc.Core;

namespace EDRS.Grains.Runtime;

/// <summary>
/// The <see cref="IServerStreamWriter{T}"/> a grain's generated streaming handler writes to. Sending is a
/// non-blocking actor message, so a write completes at once; writing after the caller cancelled throws, as it does
/// on a gRPC server.
/// </summary>
internal sealed class GrainStreamWriter<TResponse>(IGrainStreamSink sink) : IServerStreamWriter<TResponse>
    where TResponse : class
{
    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(TResponse message)
    {
        ArgumentNullException.ThrowIfNull(message);
        sink.CancellationToken.ThrowIfCancellationRequested();
        sink.Send((IMessage)message);
        return Task.CompletedTask;
    }
}
