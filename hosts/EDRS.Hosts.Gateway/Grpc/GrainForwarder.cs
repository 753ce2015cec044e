using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.Idempotency;
using EDRS.Hosts.Gateway.Tenancy;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>
/// The one gRPC service of the gateway: every rpc of every served grain service lands here and is sent to the
/// grain <c>{tenant}/{key}</c> (tenant from the token, key from the request) through the cluster invoker the
/// typed grain clients use. The client's deadline becomes the cluster call's timeout. A request's <c>request_id</c> is the
/// client's Idempotency-Key: it is claimed in the tenant's key registry before the command is sent, as over REST.
/// </summary>
public sealed partial class GrainForwarder(TenantGrains grains, IdempotencyKeys keys, IServiceProvider services, ILogger<GrainForwarder> logger)
{
    public async Task<TResponse> ForwardAsync<TRequest, TResponse>(GrainRpc rpc, Method<TRequest, TResponse> method, TRequest request, ServerCallContext call)
        where TRequest : class
        where TResponse : class
    {
        var tenant = call.GetHttpContext().User.Tenant();
        var key = rpc.KeyOf((IMessage)request);
        if (!GrainIds.IsEntityId(key))
            throw GrainStatusMapping.InvalidField(rpc.KeyFieldName, $"must be {GrainIds.EntityIdRule}");
        // No deadline from the client: the invoker's default call timeout bounds the cluster request instead.
        var deadline = call.Deadline == DateTime.MaxValue ? (DateTime?)null : call.Deadline;
        try
        {
            var invoker = Claiming(grains.Invoker(rpc.Service, tenant, key), rpc, tenant, key, (IMessage)request);
            var options = new CallOptions(deadline: deadline, cancellationToken: call.CancellationToken);
            if (rpc.Handler is { } handler)
                return (TResponse)await handler(new GrainRpcCall(services, tenant, key, invoker, options, call.GetHttpContext().User), (IMessage)request).ConfigureAwait(false);
            return await invoker.AsyncUnaryCall(method, null, options, request).ResponseAsync.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (GrainStatusMapping.IsServerSide(ex))
                LogFailed(logger, ex, method.FullName);
            throw GrainStatusMapping.ToClient(ex);
        }
    }

    /// <summary>
    /// A server-streaming rpc: the grain's stream through the cluster (the runtime's streaming call), each message
    /// written on to the client as it arrives; the client's deadline and cancellation reach the grain.
    /// </summary>
    public async Task ForwardStreamAsync<TRequest, TResponse>(
        GrainRpc rpc, Method<TRequest, TResponse> method, TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext call)
        where TRequest : class
        where TResponse : class
    {
        var tenant = call.GetHttpContext().User.Tenant();
        var key = rpc.KeyOf((IMessage)request);
        if (!GrainIds.IsEntityId(key))
            throw GrainStatusMapping.InvalidField(rpc.KeyFieldName, $"must be {GrainIds.EntityIdRule}");
        var deadline = call.Deadline == DateTime.MaxValue ? (DateTime?)null : call.Deadline;
        try
        {
            var invoker = Claiming(grains.Invoker(rpc.Service, tenant, key), rpc, tenant, key, (IMessage)request);
            using var stream = invoker.AsyncServerStreamingCall(method, null, new CallOptions(deadline: deadline, cancellationToken: call.CancellationToken), request);
            while (await stream.ResponseStream.MoveNext(call.CancellationToken).ConfigureAwait(false))
                await responseStream.WriteAsync(stream.ResponseStream.Current, call.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (GrainStatusMapping.IsServerSide(ex))
                LogFailed(logger, ex, method.FullName);
            throw GrainStatusMapping.ToClient(ex);
        }
    }

    /// <summary>The invoker with the request's request id claimed as an Idempotency-Key (requests without one, reads, pass as they are).</summary>
    private CallInvoker Claiming(CallInvoker invoker, GrainRpc rpc, string tenant, string key, IMessage request)
    {
        var requestId = request.Descriptor.FindFieldByName(RequestFingerprint.RequestIdField)?.Accessor.GetValue(request) as string;
        // A malformed id is the grain's to refuse (INVALID_ARGUMENT naming request_id); it binds nothing.
        return GrainIds.IsRequestId(requestId)
            ? invoker.Intercept(new IdempotencyKeyInterceptor(new IdempotencyKeyClaim(keys, tenant, requestId!), key, rpc.KeyFieldName))
            : invoker;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding {Method} to its grain failed on the server's side")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method);
}
