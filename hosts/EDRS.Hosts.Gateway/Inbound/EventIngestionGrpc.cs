using EDRS.Actors.Inbound;
using EDRS.Actors.Inbound.Ingestion;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.Auth;
using EDRS.Hosts.Gateway.Grpc;
using EDRS.Hosts.Gateway.RateLimits;
using EDRS.Hosts.Gateway.Tenancy;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>
/// <c>edrs.events.v1.EventIngestion</c> over gRPC: the same ingestion as REST (journaled before acknowledged, dedup
/// by event id), unary and client streaming. The tenant is the token's. A malformed event is INVALID_ARGUMENT with
/// a <c>google.rpc.BadRequest</c> naming the field (unary) or a refused result of its own (streaming). An event refused
/// because the tenant's unassigned queue is full is FAILED_PRECONDITION with a <c>google.rpc.ErrorInfo</c> (reason
/// <c>LIMIT_REACHED</c>, metadata <c>limit</c>) when unary, a result whose <c>error_limit</c> names the quota in a stream.
/// </summary>
/// <remarks>Each call counts once against the client's rate limit, as a REST request does (a stream is one call).</remarks>
[Authorize(Policy = GatewayPolicies.User)]
[ClientRateLimited]
public sealed class EventIngestionGrpc(EventIngestor ingestor) : EventIngestion.EventIngestionBase
{
    public override async Task<PublishResult> Publish(BaseEvent request, ServerCallContext context)
    {
        var result = await ingestor.IngestAsync(context.GetHttpContext().User.Tenant(), request, context.CancellationToken).ConfigureAwait(false);
        if (result.ErrorCode == (int)StatusCode.InvalidArgument)
            throw GrainFaults.ToRpcException(GrainException.Invalid(result.ErrorField, result.ErrorMessage[(result.ErrorField.Length + 2)..]).ToFault());
        if (result.ErrorLimit.Length > 0)
            throw GrainStatusMapping.ToClient(GrainFaults.ToRpcException(GrainException.LimitReached(result.ErrorLimit, result.ErrorMessage).ToFault()));
        if (result.ErrorCode != 0)
            throw new RpcException(new Status((StatusCode)result.ErrorCode, result.ErrorMessage));
        return result;
    }

    public override async Task<PublishStreamReply> PublishStream(IAsyncStreamReader<BaseEvent> requestStream, ServerCallContext context)
    {
        var tenant = context.GetHttpContext().User.Tenant();
        var pending = new List<Task<PublishResult>>();
        // Each event is handed to its router lane as it arrives; the lanes batch them.
        await foreach (var e in requestStream.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
        {
            if (pending.Count >= EventLimits.MaxBatch * 20)
                throw new RpcException(new Status(StatusCode.ResourceExhausted, $"At most {EventLimits.MaxBatch * 20} events per stream."));
            pending.Add(ingestor.IngestAsync(tenant, e, context.CancellationToken));
        }
        var results = await Task.WhenAll(pending).ConfigureAwait(false);
        var reply = new PublishStreamReply();
        for (var i = 0; i < results.Length; i++)
        {
            var result = results[i];
            result.Index = i;
            reply.Results.Add(result);
            if (result.ErrorCode != 0)
                reply.Refused++;
            else if (result.Duplicate)
                reply.Duplicates++;
            else
                reply.Accepted++;
        }
        return reply;
    }
}
