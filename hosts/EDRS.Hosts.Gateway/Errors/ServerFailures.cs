using Grpc.Core;

namespace EDRS.Hosts.Gateway.Errors;

/// <summary>
/// What a caller is told when a call fails on the server's side (HTTP 5xx, and cancellation): one stable text per status,
/// the same for REST (<see cref="GrainProblems"/>) and gRPC (<see cref="Grpc.GrainStatusMapping"/>). The failure's own
/// message can hold internals — stream keys, SQL states, exception text, addresses — so it goes to the log, under the
/// trace id the caller gets (<c>traceId</c> in a problem document, the <c>traceparent</c> of a gRPC call).
/// </summary>
public static class ServerFailures
{
    /// <summary>The text a caller gets for <paramref name="code"/>, or null when the status is the caller's own (4xx) and its detail is meant for them.</summary>
    public static string? SafeDetail(StatusCode code) => code switch
    {
        StatusCode.Unavailable =>
            "A service this request needs is unavailable; the request may not have been applied. Retry it later (commands with the same Idempotency-Key or request id).",
        StatusCode.DeadlineExceeded =>
            "The request did not finish in time; it may or may not have been applied. Retry it (commands with the same Idempotency-Key or request id).",
        StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss => "The request failed on the server; the failure is logged with the trace id.",
        StatusCode.Unimplemented => "This operation is not implemented.",
        StatusCode.Cancelled => "The request was cancelled.",
        _ => null,
    };
}
