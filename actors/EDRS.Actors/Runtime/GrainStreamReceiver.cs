using EDRS.Grains.Contracts;
using Google.Protobuf;
using Grpc.Core;
using Proto;

namespace EDRS.Actors.Runtime;

/// <summary>
/// The short-lived actor a caller spawns for one server-streaming call: the grain sends it the stream's messages;
/// it checks their order, hands them to the call, watches the grain (a member that dies fails the stream with
/// UNAVAILABLE at once instead of leaving the reader waiting), and on abort tells the grain to cancel. It stops
/// when the stream ends; the grain, watching it, then knows the caller is gone.
/// </summary>
internal sealed class GrainStreamReceiver<TResponse>(GrainStreamCall<TResponse> call, string streamId, string target)
    : IActor
    where TResponse : class
{
    private PID? _grain;
    private long _received;
    private bool _done;

    public Task ReceiveAsync(IContext context)
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
        return Task.CompletedTask;
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
