using System.Diagnostics;
using Grpc.Core;
using Proto;
using Proto.Cluster;

namespace EDRS.Grains.Runtime;

/// <summary>
/// Traces of the grain runtime (activity source <c>EDRS.Grains</c>): a client span around each typed
/// grain call and a server span around the grain's handling of it, both named <c>{kind}.{method}</c>.
/// </summary>
/// <remarks>
/// The W3C trace context rides in the Proto.Actor <see cref="MessageEnvelope"/> headers of the
/// <see cref="GrainRequestMessage"/>, not in a wrapper message of our own: the method-index dispatch and the
/// fault replies stay exactly as they are, an untraced call sends the bare message as before (no allocation,
/// no serialization in-process), and Proto.Remote 1.8 carries envelope headers across the wire
/// (<c>MessageEnvelope.message_header</c>; tested across two members). gRPC metadata and deadlines do not reach
/// the grain (Proto.Cluster carries no gRPC metadata); these headers do.
/// </remarks>
public static class GrainTracing
{
    public const string SourceName = "EDRS.Grains";

    /// <summary>W3C <c>traceparent</c>, as in HTTP.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>W3C <c>tracestate</c>, as in HTTP.</summary>
    public const string TraceStateHeader = "tracestate";

    /// <summary>The edge's request id, so the grain's log lines carry the same <c>request_id</c> as the gateway's.</summary>
    public const string RequestIdHeader = "edrs-request-id";

    /// <summary>
    /// Activity baggage under which the edge puts its request id; baggage flows to child activities in-process,
    /// so the typed grain client finds it without knowing anything about HTTP.
    /// </summary>
    public const string RequestIdBaggage = "edrs.request_id";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>The client span of a typed grain call, or null when nobody listens or the trace is not sampled.</summary>
    internal static Activity? StartClientCall(GrainContract contract, int methodIndex, ClusterIdentity identity)
    {
        if (!Source.HasListeners())
            return null;
        var activity = Source.StartActivity(contract.SpanName(methodIndex), ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
            Describe(activity, contract, methodIndex, identity.Identity);
        return activity;
    }

    /// <summary>
    /// The message to send: <paramref name="request"/> itself when there is no trace to carry, otherwise an
    /// envelope whose headers hold the trace context of <paramref name="activity"/> (the client span, or the
    /// caller's span when the client span was not sampled) and the edge's request id.
    /// </summary>
    internal static object Carry(object request, Activity? activity)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C || activity.Id is not { } traceParent)
            return request;
        var headers = new Dictionary<string, string>(3, StringComparer.Ordinal) { [TraceParentHeader] = traceParent };
        if (activity.TraceStateString is { Length: > 0 } traceState)
            headers[TraceStateHeader] = traceState;
        if (activity.GetBaggageItem(RequestIdBaggage) is { Length: > 0 } requestId)
            headers[RequestIdHeader] = requestId;
        return new MessageEnvelope(request, null, new MessageHeader(headers));
    }

    /// <summary>The server span of a grain call, a child of the context the caller carried (a root if none).</summary>
    internal static Activity? StartServerCall(GrainContract contract, int methodIndex, string identity, string memberAddress, MessageHeader headers)
    {
        if (!Source.HasListeners())
            return null;
        ActivityContext.TryParse(headers.GetOrDefault(TraceParentHeader), headers.GetOrDefault(TraceStateHeader), isRemote: true, out var parent);
        var activity = Source.StartActivity(contract.SpanName(methodIndex), ActivityKind.Server, parent);
        if (activity is { IsAllDataRequested: true })
        {
            Describe(activity, contract, methodIndex, identity);
            activity.SetTag("edrs.member.address", memberAddress);
        }
        return activity;
    }

    /// <summary>
    /// Records the call's gRPC status. Following the OpenTelemetry RPC conventions, a client span is an error
    /// for any status but OK, a server span only for the codes that mean the server failed (a NOT_FOUND or
    /// INVALID_ARGUMENT is the caller's problem, correctly answered).
    /// </summary>
    internal static void Complete(Activity? activity, StatusCode status, string? message, bool serverSide, Exception? exception = null)
    {
        if (activity is not { IsAllDataRequested: true })
            return;
        activity.SetTag("rpc.grpc.status_code", (int)status);
        if (exception is not null)
            activity.AddException(exception);
        if (status == StatusCode.OK || (serverSide && !IsServerFault(status)))
            return;
        activity.SetTag("error.type", status.ToString());
        activity.SetStatus(ActivityStatusCode.Error, message);
    }

    private static bool IsServerFault(StatusCode status) => status is StatusCode.Unknown or StatusCode.DeadlineExceeded
        or StatusCode.Unimplemented or StatusCode.Internal or StatusCode.Unavailable or StatusCode.DataLoss;

    private static void Describe(Activity activity, GrainContract contract, int methodIndex, string identity)
    {
        activity.SetTag("rpc.system", "proto.actor");
        activity.SetTag("rpc.service", contract.Service.FullName);
        activity.SetTag("rpc.method", contract.MethodName(methodIndex));
        activity.SetTag("edrs.grain.kind", contract.Kind);
        // Tenant and grain key (a persona id): ids of the system's own records, never a person's data.
        activity.SetTag("edrs.grain.identity", identity);
    }
}
