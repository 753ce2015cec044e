using System.Diagnostics;
using System.Threading.Channels;
using Grpc.Core;
using Proto;

namespace EDRS.Grains.Runtime;

/// <summary>
/// The caller's side of one server-streaming grain call, as the generated client reads it: messages the receiver
/// actor delivered, in order, then the final status. Cancelling the call's token, passing its deadline or disposing
/// it ends the stream here and cancels the grain's handler.
/// </summary>
internal sealed class GrainStreamCall<TResponse> : IAsyncStreamReader<TResponse>
    where TResponse : class
{
    private readonly Channel<TResponse> _messages = Channel.CreateUnbounded<TResponse>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly List<IDisposable> _resources = [];
    private readonly Lock _gate = new();
    private ActorSystem? _system;
    private PID? _receiver;
    private Activity? _activity;
    private Status? _status;
    private Metadata _trailers = [];
    private TResponse? _current;

    public TResponse Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

    /// <summary>Completes when the stream has ended, with its status.</summary>
    public Task<Status> Completion => _completion.Task;

    private readonly TaskCompletionSource<Status> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal void Attach(ActorSystem system, PID receiver, Activity? activity)
    {
        _system = system;
        _receiver = receiver;
        _activity = activity;
    }

    /// <summary>Keeps <paramref name="resource"/> (a timer, a token registration) until the stream ends.</summary>
    internal void Hold(IDisposable resource)
    {
        lock (_gate)
        {
            if (_status is null)
            {
                _resources.Add(resource);
                return;
            }
        }
        resource.Dispose();
    }

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        try
        {
            if (await _messages.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && _messages.Reader.TryRead(out var message))
            {
                _current = message;
                return true;
            }
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Abort(new Status(StatusCode.Cancelled, "The reader cancelled the stream."));
            throw new RpcException(new Status(StatusCode.Cancelled, "The reader cancelled the stream."));
        }
    }

    public Status GetStatus() => _status ?? throw new InvalidOperationException("The stream has not ended yet.");

    public Metadata GetTrailers() => _status is null ? throw new InvalidOperationException("The stream has not ended yet.") : _trailers;

    /// <summary>Ends the stream from the caller's side (cancel, deadline, failed open): the receiver cancels the grain's handler.</summary>
    internal void Abort(Status status, Metadata? trailers = null)
    {
        if (_status is not null || _system is null || _receiver is null)
            return;
        _system.Root.Send(_receiver, new GrainStreamAbort(status, trailers ?? []));
    }

    /// <summary>Disposing the call before its end cancels it, as disposing a gRPC call does.</summary>
    internal void Dispose() => Abort(new Status(StatusCode.Cancelled, "The call was disposed before the stream ended."));

    // Only the receiver actor calls the two below, one message at a time.
    internal void Deliver(TResponse message) => _messages.Writer.TryWrite(message);

    internal void Complete(Status status, Metadata trailers)
    {
        List<IDisposable> resources;
        lock (_gate)
        {
            if (_status is not null)
                return;
            _trailers = trailers;
            _status = status;
            resources = [.. _resources];
            _resources.Clear();
        }
        foreach (var resource in resources)
            resource.Dispose();
        GrainTracing.Complete(_activity, status.StatusCode, status.Detail, serverSide: false);
        _activity?.Dispose();
        _messages.Writer.TryComplete(status.StatusCode == StatusCode.OK ? null : new RpcException(status, trailers));
        _completion.TrySetResult(status);
    }
}
