using EDRS.Hosts.Gateway.RateLimits;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>
/// Receives the generated <c>BindService</c>'s rpcs (unary and server-streaming) and adds each one to the gRPC server as an endpoint of
/// <see cref="GrainForwarder"/>, with its authorization policy and the client rate limit as endpoint metadata.
/// </summary>
internal sealed class ForwardingBinder(ServiceMethodProviderContext<GrainForwarder> context, ServedGrainService service) : ServiceBinderBase
{
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        // Internal rpcs (only grains call them) are not served.
        if (!service.Rpcs.TryGetValue(method.Name, out var rpc))
            return;
        context.AddUnaryMethod(
            method,
            [new AuthorizeAttribute(rpc.Policy), new ClientRateLimitedAttribute()],
            (forwarder, request, call) => forwarder.ForwardAsync(rpc, method, request, call));
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
    {
        if (!service.Rpcs.TryGetValue(method.Name, out var rpc))
            return;
        context.AddServerStreamingMethod(
            method,
            [new AuthorizeAttribute(rpc.Policy), new ClientRateLimitedAttribute()],
            (forwarder, request, responseStream, call) => forwarder.ForwardStreamAsync(rpc, method, request, responseStream, call));
    }

    // Grain contracts are unary or server-streaming (the registry refuses the others), so these are never called.
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
        throw new InvalidOperationException($"{method.FullName} streams: grain calls are unary.");

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
        throw new InvalidOperationException($"{method.FullName} streams: grain calls are unary.");
}
