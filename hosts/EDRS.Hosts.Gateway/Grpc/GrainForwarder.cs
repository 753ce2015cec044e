using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.Tenancy;
using Google.Protobuf;
using Grpc.Core;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>
/// The one gRPC service of the gateway: every rpc of every served grain service lands here and is sent to the
/// grain <c>{tenant}/{key}</c> (tenant from the token, key from the request) through the cluster invoker the
/// typed grain clients use. The client's deadline becomes the cluster call's timeout.
/// </summary>
public sealed partial class GrainForwarder(TenantGrains grains, ILogger<GrainForwarder> logger)
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
            var invoker = grains.Invoker(rpc.Service, tenant, key);
            return await invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: deadline, cancellationToken: call.CancellationToken), request)
                .ResponseAsync.ConfigureAwait(false);
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
            var invoker = grains.Invoker(rpc.Service, tenant, key);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding {Method} to its grain failed on the server's side")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method);
}
