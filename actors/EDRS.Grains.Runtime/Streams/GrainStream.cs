using EDRS.Grains.Contracts;
using Google.Protobuf;
using Proto;
using Proto.Cluster;

namespace EDRS.Grains.Runtime;

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

    /// <summary>How often a stream to another member checks that the caller's member is still in the cluster.</summary>
    private static readonly TimeSpan CallerCheck = TimeSpan.FromSeconds(1);

    private readonly Timer? _callerCheck;

    public GrainStream(ActorSystem system, string id, PID receiver, DateTime deadline)
    {
        _system = system;
        Id = id;
        Receiver = receiver;
        Deadline = deadline;
        if (deadline != DateTime.MaxValue)
            _cancellation.CancelAfter(Max(deadline - DateTime.UtcNow, TimeSpan.Zero));
        // The grain watches the receiver, but a remote watch can miss a member that dies while its endpoint is torn
        // down; without this check a dead caller's generation would run on until its deadline.
        if (receiver.Address != system.Address)
            _callerCheck = new Timer(_ => CheckCaller(), null, CallerCheck, CallerCheck);
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
        _callerCheck?.Dispose();
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

    public void Dispose()
    {
        _callerCheck?.Dispose();
        _cancellation.Dispose();
    }

    private void CheckCaller()
    {
        foreach (var member in _system.Cluster().MemberList.GetAllMembers())
        {
            if (member.Address == Receiver.Address)
                return;
        }
        Cancel();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
