using EDRS.Grains.Contracts;
using Google.Protobuf;
using Grpc.Core;
using Proto;
using Proto.Cluster;

namespace EDRS.Grains.Runtime;

/// <summary>
/// The short-lived actor a caller spawns for one server-streaming call: the grain sends it the stream's messages;
/// it checks their order, hands them to the call, watches the grain (a member that dies fails the stream with
/// UNAVAILABLE at once instead of leaving the reader waiting), and on abort tells the grain to cancel. It stops
/// when the stream ends; the grain, watching it, then knows the caller is gone.
/// </summary>
internal sealed class GrainStreamReceiver<TResponse>(GrainStreamCall<TResponse> call, string streamId, string target, Cluster cluster)
    : IActor
    where TResponse : class
{
    /// <summary>
    /// With no message for this long, the receiver checks that the grain's member is still in the member list: a
    /// remote watch alone can miss a member that goes away while its endpoint is being torn down.
    /// </summary>
    private static readonly TimeSpan SilenceCheck = TimeSpan.FromSeconds(1);

    private PID? _grain;
    private long _received;
    private bool _done;

    public Task ReceiveAsync(IContext context)
    {
        try
        {
            Receive(context);
        }
        catch (Exception ex)
        {
            // A receiver is a root actor: an exception would escalate to the actor system. End the stream instead.
            if (!_done)
                Finish(context, new Status(StatusCode.Internal, $"The stream from {target} failed on the caller's side: {ex.Message}"), []);
        }
        return Task.CompletedTask;
    }

    private void Receive(IContext context)
    {
        switch (context.Message)
        {
            case GrainStreamItem item when !_done:
                OnItem(context, item);
                break;
            case GrainStreamEnd end when !_done && end.StreamId == streamId:
                OnEnd(context, end);
                break;
            case GrainStreamAccept accept when !_done:
                _grain = accept.Grain;
                context.Watch(accept.Grain);
                context.SetReceiveTimeout(SilenceCheck);
                break;
            case ReceiveTimeout when !_done && _grain is not null && !IsMember(_grain.Address):
                Finish(context, new Status(StatusCode.Unavailable, $"{target}'s member left the cluster while streaming; retry the call."), []);
                break;
            case GrainStreamAbort abort when !_done:
                CancelGrain(context);
                Finish(context, abort.Status, abort.Trailers);
                break;
            case Terminated terminated when !_done && terminated.Who.Equals(_grain):
                Finish(context, new Status(StatusCode.Unavailable, $"{target} went away while streaming (its member left or stopped); retry the call."), []);
                break;
            case Stopped:
                // Stopped from outside (actor system shutting down): the reader must not wait forever.
                call.Complete(new Status(StatusCode.Unavailable, "The caller's actor system stopped while streaming."), []);
                break;
        }
    }

    private void OnItem(IContext context, GrainStreamItem item)
    {
        if (item.StreamId != streamId || item.Sequence != _received)
        {
            CancelGrain(context);
            Finish(context, new Status(StatusCode.Internal, $"{target} stream message {item.Sequence} arrived where {_received} was expected."), []);
            return;
        }
        _received++;
        TResponse message;
        try
        {
            message = ProtoParse.From<TResponse>(item.Message);
        }
        catch (InvalidProtocolBufferException ex)
        {
            CancelGrain(context);
            Finish(context, new Status(StatusCode.Internal, $"{target} sent a message that does not parse as {typeof(TResponse).Name}: {ex.Message}"), []);
            return;
        }
        call.Deliver(message);
    }

    private void OnEnd(IContext context, GrainStreamEnd end)
    {
        if (end.Fault is { } fault)
        {
            var failure = GrainFaults.ToRpcException(fault);
            Finish(context, failure.Status, failure.Trailers);
        }
        else if (end.Count != _received)
        {
            Finish(context, new Status(StatusCode.DataLoss, $"{target} sent {end.Count} messages; {_received} arrived."), []);
        }
        else
        {
            Finish(context, Status.DefaultSuccess, []);
        }
    }

    private bool IsMember(string address)
    {
        foreach (var member in cluster.MemberList.GetAllMembers())
        {
            if (member.Address == address)
                return true;
        }
        return false;
    }

    private void CancelGrain(IContext context)
    {
        if (_grain is not null)
            context.Send(_grain, new GrainStreamCancel { StreamId = streamId });
    }

    private void Finish(IContext context, Status status, Metadata trailers)
    {
        _done = true;
        call.Complete(status, trailers);
        context.Stop(context.Self);
    }
}
