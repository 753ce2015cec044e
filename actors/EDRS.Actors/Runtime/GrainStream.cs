using EDRS.Grains.Contracts;
using Google.Protobuf;
using Proto;

namespace EDRS.Actors.Runtime;

/// <summary>
/// The grain side of one server-streaming call: sends each message to the caller's receiver with its sequence
/// number, ends the stream exactly once, and owns the token the handler sees.
/// </summary>
internal sealed class GrainStream : IGrainStreamSink, IDisposable
{
    private readonly ActorSystem _system;
    private readonly CancellationTokenSource _cancellation = new();
    private long _sequence;
    private int _ended;

    public GrainStream(ActorSystem system, string id, PID receiver, DateTime deadline)
    {
        _system = system;
        Id = id;
        Receiver = receiver;
        Deadline = deadline;
        if (deadline != DateTime.MaxValue)
            _cancellation.CancelAfter(Max(deadline - DateTime.UtcNow, TimeSpan.Zero));
    }

    public string Id { get; }

    public PID Receiver { get; }

    public DateTime Deadline { get; }

    public CancellationToken CancellationToken => _cancellation.Token;

    public bool DeadlinePassed => Deadline != DateTime.MaxValue && DateTime.UtcNow >= Deadline;

    public void Send(IMessage message)
    {
        if (Volatile.Read(ref _ended) != 0)
            throw new InvalidOperationException($"Stream {Id} has ended.");
        _system.Root.Send(Receiver, new GrainStreamItem
        {
            StreamId = Id,
            Sequence = Interlocked.Increment(ref _sequence) - 1,
            Message = message.ToByteString(),
        });
    }

    public void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Sends the end of the stream (OK when <paramref name="fault"/> is null); only the first call sends.</summary>
    public bool End(GrainFault? fault)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
            return false;
        _system.Root.Send(Receiver, new GrainStreamEnd { StreamId = Id, Count = Interlocked.Read(ref _sequence), Fault = fault });
        return true;
    }

    public void Dispose() => _cancellation.Dispose();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
