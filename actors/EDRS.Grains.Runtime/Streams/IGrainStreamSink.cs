using Google.Protobuf;

namespace EDRS.Grains.Runtime;

/// <summary>Where a grain's server-streaming handler sends its messages: the caller's receiver, in order.</summary>
internal interface IGrainStreamSink
{
    /// <summary>Fires when the caller cancels, goes away, or the call's deadline passes.</summary>
    CancellationToken CancellationToken { get; }

    void Send(IMessage message);
}
