using System.Globalization;
using EDRS.Actors.Inbound;
using EDRS.Actors.Inbound.Ingestion;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.Auth;
using EDRS.Hosts.Gateway.Grpc;
using EDRS.Hosts.Gateway.RateLimits;
using EDRS.Hosts.Gateway.Tenancy;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Status = Grpc.Core.Status;

namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>
/// <c>edrs.events.v1.EventIngestion</c> over gRPC: the same ingestion as REST (journaled before acknowledged, dedup
/// by event id, an absent id or time filled in), unary and client streaming. The tenant is the token's. A malformed event
/// is INVALID_ARGUMENT with a <c>google.rpc.BadRequest</c> naming the field (unary) or a refused result of its own (streaming).
/// An event refused because the tenant's unassigned queue is full is FAILED_PRECONDITION with a <c>google.rpc.ErrorInfo</c>
/// (reason <c>LIMIT_REACHED</c>, metadata <c>limit</c>) when unary, a result whose <c>error_limit</c> names the quota in a stream.
/// </summary>
/// <remarks>
/// A unary call counts once against the client's rate limit, as a REST request does, and takes an <c>idempotency-key</c>
/// header as REST does. A stream counts once for the call and once more for every event; when the client's tokens run out
/// the stream ends with RESOURCE_EXHAUSTED (a <c>google.rpc.RetryInfo</c> says when to go on; <c>google.rpc.ErrorInfo</c>
/// metadata <c>events_taken</c> says how many events of the stream were taken — resend from there, or all: dedup makes
/// that safe for events with ids). A stream is read no faster than its events are ingested (at most
/// <see cref="EventLimits.MaxStreamInFlight"/> events and <see cref="EventLimits.MaxStreamInFlightBytes"/> payload bytes
/// at once), and takes at most <see cref="EventLimits.MaxStreamEvents"/> events.
/// </remarks>
[Authorize(Policy = GatewayPolicies.User)]
[ClientRateLimited]
public sealed class EventIngestionGrpc(EventIngestor ingestor, EventPublishing publishing, ClientRateLimiter limiter) : EventIngestion.EventIngestionBase
{
    /// <summary>The request header of a unary publish's Idempotency-Key (gRPC metadata keys are lowercase).</summary>
    public const string IdempotencyKeyHeader = "idempotency-key";

    public override async Task<PublishResult> Publish(BaseEvent request, ServerCallContext context)
    {
        var key = context.RequestHeaders.GetValue(IdempotencyKeyHeader);
        if (key is not null && !GrainIds.IsRequestId(key))
            throw GrainFaults.ToRpcException(GrainException.Invalid(IdempotencyKeyHeader, $"must be {GrainIds.RequestIdRule}").ToFault());
        var result = await publishing.PublishAsync(context.GetHttpContext().User.Tenant(), request, key, context.CancellationToken).ConfigureAwait(false);
        if (result.ErrorCode == (int)StatusCode.InvalidArgument)
            throw GrainFaults.ToRpcException(GrainException.Invalid(result.ErrorField, result.ErrorMessage[(result.ErrorField.Length + 2)..]).ToFault());
        if (result.ErrorLimit.Length > 0)
            throw GrainStatusMapping.ToClient(GrainFaults.ToRpcException(GrainException.LimitReached(result.ErrorLimit, result.ErrorMessage).ToFault()));
        if (result.ErrorCode != 0)
            throw Grpc.GrainStatusMapping.ToClient(new RpcException(new Status((StatusCode)result.ErrorCode, result.ErrorMessage)));
        return result;
    }

    public override async Task<PublishStreamReply> PublishStream(IAsyncStreamReader<BaseEvent> requestStream, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var tenant = user.Tenant();
        // The bucket the rate-limit middleware took the call's own token from.
        var client = user.FindFirst(GatewayClaims.ClientId)?.Value ?? tenant;
        var tier = user.FindFirst(GatewayClaims.Tier)?.Value;
        var results = new List<Task<PublishResult>>();
        var inFlight = new Queue<(Task Ingested, int Bytes)>();
        var inFlightBytes = 0L;
        // One event at a time: the next is read only when the window has room, so a fast client waits (HTTP/2 flow control).
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            if (results.Count >= EventLimits.MaxStreamEvents)
                throw new RpcException(new Status(StatusCode.ResourceExhausted, $"At most {EventLimits.MaxStreamEvents} events per stream; start another stream."));
            if (limiter.TakeToken(client, tier) is { } retryAfter)
            {
                await Task.WhenAll(inFlight.Select(f => f.Ingested)).ConfigureAwait(false);
                throw OutOfTokens(results.Count, retryAfter);
            }
            var e = requestStream.Current;
            var bytes = e.Payload.Length;
            while (inFlight.Count > 0 && (inFlight.Count >= EventLimits.MaxStreamInFlight || inFlightBytes + bytes > EventLimits.MaxStreamInFlightBytes))
            {
                var (oldest, oldestBytes) = inFlight.Dequeue();
                await oldest.ConfigureAwait(false);
                inFlightBytes -= oldestBytes;
            }
            var ingested = ingestor.IngestAsync(tenant, e, context.CancellationToken);
            results.Add(ingested);
            inFlight.Enqueue((ingested, bytes));
            inFlightBytes += bytes;
        }

        var reply = new PublishStreamReply();
        for (var i = 0; i < results.Count; i++)
        {
            var result = await results[i].ConfigureAwait(false);
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

    /// <summary>The client's bucket is empty: the stream ends, saying how many events it took and when to go on.</summary>
    private static RpcException OutOfTokens(int taken, int retryAfterSeconds)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)StatusCode.ResourceExhausted,
            Message = $"Over the rate limit after {taken} events of this stream (each event counts as a request); resend the rest in {retryAfterSeconds} s.",
        };
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(retryAfterSeconds)) }));
        var info = new ErrorInfo { Reason = "RATE_LIMITED", Domain = "edrs" };
        info.Metadata["events_taken"] = taken.ToString(CultureInfo.InvariantCulture);
        status.Details.Add(Any.Pack(info));
        return status.ToRpcException();
    }
}
