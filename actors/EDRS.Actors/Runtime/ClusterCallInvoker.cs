using System.Diagnostics;
using EDRS.Grains.Contracts;
using Google.Protobuf;
using Grpc.Core;
using Proto.Cluster;

namespace EDRS.Actors.Runtime;

/// <summary>
/// Drives a Grpc.Tools-generated client against one grain: each unary call becomes a
/// <c>Cluster.RequestAsync</c> to the grain's cluster identity, so the generated client is the typed
/// grain client. A call that loses a version race (status ABORTED: another activation wrote, and the
/// grain stopped itself) is retried once, against a fresh activation that recovers from the journal.
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
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw Unsupported(method);

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

    private static RpcException Unsupported(IMethod method) =>
        new(new Status(StatusCode.Unimplemented, $"{method.FullName}: grain calls are unary; streaming rpcs are not served by the cluster invoker."));
}
