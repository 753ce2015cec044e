using System.Text;
using EDRS.Grains.Runtime;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Status = Grpc.Core.Status;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>
/// The one place where a failed grain call becomes the status a gRPC client sees. Grains already answer with
/// the codes clients should get: NOT_FOUND, INVALID_ARGUMENT (field violations), ALREADY_EXISTS and
/// FAILED_PRECONDITION (state conflicts), ABORTED (lost a version race twice), UNAVAILABLE (no member for the
/// kind, journal down), DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED (load shed, with a retry-after hint). Here field violations move from the grain's own trailer to the
/// standard <c>google.rpc.BadRequest</c> detail, internal trailers stay inside, and failures that are not a
/// grain's answer are classified.
/// </summary>
public static class GrainStatusMapping
{
    public static RpcException ToClient(Exception exception) => exception switch
    {
        RpcException { StatusCode: StatusCode.InvalidArgument } rpc => InvalidArgument(rpc.Status.Detail, GrainFaults.ViolationsOf(rpc)),
        RpcException rpc when GrainFaults.RetryAfterOf(rpc) is { } retryAfter => WithRetryInfo(rpc.Status, retryAfter),
        RpcException rpc when GrainFaults.LimitReachedOf(rpc) is { } limit => WithLimitReached(rpc.Status, limit),
        // A grain crashed: its message may hold internals (SQL, stack details); the gateway logs it instead.
        RpcException { StatusCode: StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss } =>
            new RpcException(new Status(StatusCode.Internal, "The grain failed while handling the call; the failure is logged.")),
        RpcException rpc => new RpcException(rpc.Status),
        OperationCanceledException => new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled.")),
        TimeoutException => new RpcException(new Status(StatusCode.DeadlineExceeded, "The cluster did not answer in time.")),
        _ => new RpcException(new Status(StatusCode.Internal, "The gateway failed while forwarding the call; the failure is logged.")),
    };

    /// <summary>A shed call (RESOURCE_EXHAUSTED) with the standard <c>google.rpc.RetryInfo</c> detail saying when to retry.</summary>
    private static RpcException WithRetryInfo(Status status, TimeSpan retryAfter)
    {
        var rich = new Google.Rpc.Status { Code = (int)status.StatusCode, Message = status.Detail };
        rich.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
        return rich.ToRpcException();
    }

    /// <summary>
    /// A refusal by a quota (FAILED_PRECONDITION) with the standard <c>google.rpc.ErrorInfo</c> detail: reason
    /// <c>LIMIT_REACHED</c>, domain <c>edrs</c>, metadata <c>limit</c> = the quota as configured.
    /// </summary>
    private static RpcException WithLimitReached(Status status, string limit)
    {
        var rich = new Google.Rpc.Status { Code = (int)status.StatusCode, Message = status.Detail };
        rich.Details.Add(Any.Pack(new ErrorInfo { Reason = "LIMIT_REACHED", Domain = "edrs", Metadata = { ["limit"] = limit } }));
        return rich.ToRpcException();
    }

    /// <summary>INVALID_ARGUMENT naming one request field.</summary>
    public static RpcException InvalidField(string field, string description) =>
        InvalidArgument($"{field}: {description}", [new EDRS.Grains.Contracts.FieldViolation { Field = field, Description = description }]);

    private static RpcException InvalidArgument(string message, IReadOnlyList<EDRS.Grains.Contracts.FieldViolation> violations)
    {
        var badRequest = new BadRequest();
        foreach (var violation in violations)
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = ProtoPath(violation.Field), Description = violation.Description });
        var status = new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = message };
        if (badRequest.FieldViolations.Count > 0)
            status.Details.Add(Any.Pack(badRequest));
        return status.ToRpcException();
    }

    /// <summary>
    /// Grains name fields as JSON does (<c>profile.skills[0]</c>, <c>requestId</c>); gRPC clients know them by
    /// their proto names (<c>request_id</c>), as google.rpc.BadRequest expects.
    /// </summary>
    private static string ProtoPath(string jsonPath)
    {
        var builder = new StringBuilder(jsonPath.Length + 4);
        foreach (var c in jsonPath)
        {
            if (char.IsAsciiLetterUpper(c))
                builder.Append('_').Append(char.ToLowerInvariant(c));
            else
                builder.Append(c);
        }
        return builder.ToString();
    }
}
