using System.Diagnostics;
using EDRS.Grains.Contracts;
using Google.Protobuf;
using Grpc.Core;
using Proto;
using Proto.Cluster;

namespace EDRS.Grains.Runtime;

/// <summary>
/// Drives a Grpc.Tools-generated client against one grain: each unary call becomes a
/// <c>Cluster.RequestAsync</c> to the grain's cluster identity, so the generated client is the typed
/// grain client. A call that loses a version race (status ABORTED: another activation wrote, and the
/// grain stopped itself) is retried once, against a fresh activation that recovers from the journal.
/// <para>
/// A server-streaming call spawns a short-lived receiver actor (<see cref="GrainStreamReceiver{TResponse}"/>) and
/// opens the stream with one cluster request carrying the receiver's PID; the grain accepts at once and sends the
/// messages straight to the receiver. The call's deadline and cancellation reach the grain's handler; a grain
/// whose member dies fails the stream with UNAVAILABLE; with no member hosting the kind it fails at once.
/// </para>
/// </summary>
public sealed class ClusterCallInvoker(Cluster cluster, GrainContract contract, string identity, TimeSpan defaultTimeout)
    : CallInvoker
{
    private readonly ClusterIdentity _identity = ClusterIdentity.Create(identity, contract.Kind);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var response = CallAsync(method, options, request);
        return new AsyncUnaryCall<TResponse>(
            response,
            Task.FromResult(new Metadata()),
            () => response.IsCompletedSuccessfully ? Status.DefaultSuccess : new Status(StatusCode.Unknown, "see the call's exception"),
            () => [],
            static () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        CallAsync(method, options, request).GetAwaiter().GetResult();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var methodIndex = contract.MethodIndex(method.Name);
        var streamId = Guid.NewGuid().ToString("N");
        var call = new GrainStreamCall<TResponse>();
        var activity = GrainTracing.StartClientCall(contract, methodIndex, _identity);
        var receiver = cluster.System.Root.Spawn(Props.FromProducer(() =>
            new GrainStreamReceiver<TResponse>(call, streamId, _identity.ToString(), cluster)));
        call.Attach(cluster.System, receiver, activity);
        _ = OpenStreamAsync(call, receiver, streamId, methodIndex, options, (IMessage)request, activity);
        return new AsyncServerStreamingCall<TResponse>(
            call,
            Task.FromResult(new Metadata()),
            call.GetStatus,
            call.GetTrailers,
            call.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw Unsupported(method);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw Unsupported(method);

    private async Task<TResponse> CallAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options, TRequest request)
        where TRequest : class
        where TResponse : class
    {
        var methodIndex = contract.MethodIndex(method.Name);
        using var activity = GrainTracing.StartClientCall(contract, methodIndex, _identity);
        // The trace context travels in the envelope's headers (the caller's span if the client span is not sampled).
        var message = GrainTracing.Carry(new GrainRequestMessage(methodIndex, (IMessage)request), activity ?? Activity.Current);
        try
        {
            TResponse response;
            try
            {
                response = await SendAsync<TResponse>(message, options).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Aborted)
            {
                // The activation that answered lost a version race and has stopped: the retry lands on a
                // new activation that reads the other writer's events (and answers a repeated request id
                // from them), so this second attempt decides on the journal's current state.
                activity?.AddEvent(new ActivityEvent("retry after ABORTED"));
                response = await SendAsync<TResponse>(message, options).ConfigureAwait(false);
            }
            GrainTracing.Complete(activity, StatusCode.OK, null, serverSide: false);
            return response;
        }
        catch (RpcException ex)
        {
            GrainTracing.Complete(activity, ex.StatusCode, ex.Status.Detail, serverSide: false);
            throw;
        }
    }

    private async Task<TResponse> SendAsync<TResponse>(object message, CallOptions options)
    {
        // Proto.Cluster re-sends a request until its token is cancelled: always bound it.
        var timeout = options.Deadline is { } deadline ? deadline.ToUniversalTime() - DateTime.UtcNow : defaultTimeout;
        if (timeout <= TimeSpan.Zero)
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "The deadline passed before the call was sent."));
        using var deadlineSource = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        deadlineSource.CancelAfter(timeout);
        object? reply;
        try
        {
            // Proto.Cluster looks at the token only between its attempts: a request already sent (to a member that just
            // died, or to a grain stuck on a slow database) is awaited for the whole ActorRequestTimeout. The caller's
            // deadline is honoured here instead; the abandoned request runs out on its own, and an idempotent command
            // that still lands is answered from its request id when the caller retries.
            reply = await cluster.RequestAsync<object>(_identity, message, deadlineSource.Token)
                .WaitAsync(deadlineSource.Token).ConfigureAwait(false);
        }
        catch (Exception) when (options.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, $"The call to {_identity} was cancelled."));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"{_identity} did not answer within {timeout.TotalMilliseconds:0} ms."));
        }

        return reply switch
        {
            GrainResponseMessage { ResponseMessage: TResponse response } => response,
            GrainFault fault => throw GrainFaults.ToRpcException(fault),
            null when options.CancellationToken.IsCancellationRequested =>
                throw new RpcException(new Status(StatusCode.Cancelled, $"The call to {_identity} was cancelled.")),
            null => throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"{_identity} did not answer within {timeout.TotalMilliseconds:0} ms.")),
            _ => throw new RpcException(new Status(StatusCode.Internal, $"{_identity} answered with an unexpected {reply.GetType().Name}.")),
        };
    }

    private async Task OpenStreamAsync<TResponse>(
        GrainStreamCall<TResponse> call, PID receiver, string streamId, int methodIndex, CallOptions options, IMessage request, Activity? activity)
        where TResponse : class
    {
        if (!IsHosted())
        {
            call.Abort(new Status(StatusCode.Unavailable, $"No cluster member hosts {contract.Kind} grains right now; retry later."));
            return;
        }
        var deadline = options.Deadline is { } d && d != DateTime.MaxValue ? d.ToUniversalTime() : (DateTime?)null;
        if (deadline is { } due)
        {
            var remaining = due - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                call.Abort(new Status(StatusCode.DeadlineExceeded, "The deadline passed before the call was sent."));
                return;
            }
            var timer = new Timer(_ => call.Abort(new Status(StatusCode.DeadlineExceeded, $"{_identity} did not finish streaming by the deadline.")), null, remaining, Timeout.InfiniteTimeSpan);
            call.Hold(timer);
        }
        if (options.CancellationToken.CanBeCanceled)
            call.Hold(options.CancellationToken.Register(() => call.Abort(new Status(StatusCode.Cancelled, $"The call to {_identity} was cancelled."))));

        var open = new GrainStreamOpen
        {
            StreamId = streamId,
            MethodIndex = methodIndex,
            Request = request.ToByteString(),
            ReplyAddress = receiver.Address,
            ReplyId = receiver.Id,
            DeadlineUnixMs = deadline is { } at ? new DateTimeOffset(at).ToUnixTimeMilliseconds() : 0,
        };
        // Opening is quick (the grain accepts before it starts work): bound it by the unary timeout, or the deadline if sooner.
        var acceptTimeout = deadline is { } until && until - DateTime.UtcNow < defaultTimeout ? until - DateTime.UtcNow : defaultTimeout;
        using var acceptSource = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        acceptSource.CancelAfter(acceptTimeout > TimeSpan.Zero ? acceptTimeout : TimeSpan.FromMilliseconds(1));
        object? reply;
        try
        {
            reply = await cluster.RequestAsync<object>(_identity, GrainTracing.Carry(open, activity ?? Activity.Current), acceptSource.Token).ConfigureAwait(false);
        }
        catch (Exception) when (options.CancellationToken.IsCancellationRequested)
        {
            call.Abort(new Status(StatusCode.Cancelled, $"The call to {_identity} was cancelled."));
            return;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            call.Abort(IsHosted()
                ? new Status(StatusCode.DeadlineExceeded, $"{_identity} did not accept the stream within {acceptTimeout.TotalMilliseconds:0} ms.")
                : new Status(StatusCode.Unavailable, $"No cluster member hosts {contract.Kind} grains right now; retry later."));
            return;
        }
        catch (Exception ex)
        {
            // The exception can name addresses and internals: it goes on the trace, the caller gets the status.
            activity?.AddException(ex);
            call.Abort(new Status(StatusCode.Unavailable, $"{_identity} could not be reached; retry later."));
            return;
        }

        switch (reply)
        {
            case GrainStreamAccepted accepted:
                cluster.System.Root.Send(receiver, new GrainStreamAccept(PID.FromAddress(accepted.GrainAddress, accepted.GrainId)));
                break;
            case GrainFault fault:
                var failure = GrainFaults.ToRpcException(fault);
                call.Abort(failure.Status, failure.Trailers);
                break;
            default:
                call.Abort(reply is null
                    ? new Status(StatusCode.DeadlineExceeded, $"{_identity} did not accept the stream within {acceptTimeout.TotalMilliseconds:0} ms.")
                    : new Status(StatusCode.Internal, $"{_identity} answered the stream with an unexpected {reply.GetType().Name}."));
                break;
        }
    }

    /// <summary>True when some member of the cluster hosts this contract's kind.</summary>
    private bool IsHosted()
    {
        foreach (var member in cluster.MemberList.GetAllMembers())
        {
            if (member.Kinds.Contains(contract.Kind))
                return true;
        }
        return false;
    }

    private static RpcException Unsupported(IMethod method) =>
        new(new Status(StatusCode.Unimplemented, $"{method.FullName}: grain calls are unary or server-streaming; client and duplex streaming are not served by the cluster invoker."));
}
