using System.Text;
using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.Errors;
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
        RpcException rpc when GrainFaults.ReasonOf(rpc) is { } reason => WithErrorInfo(rpc.Status, reason),
        // A failure on the server's side: its message may hold internals (stream keys, SQL, addresses); the gateway logs
        // it (GrainForwarder) and the client gets the stable text.
        RpcException { StatusCode: StatusCode.Unknown or StatusCode.DataLoss } => Safe(StatusCode.Internal),
        RpcException rpc when ServerFailures.SafeDetail(rpc.StatusCode) is not null => Safe(rpc.StatusCode),
        RpcException rpc => new RpcException(rpc.Status),
        OperationCanceledException => Safe(StatusCode.Cancelled),
        TimeoutException => Safe(StatusCode.DeadlineExceeded),
        _ => Safe(StatusCode.Internal),
    };

    /// <summary>True when <paramref name="exception"/> is a failure on the server's side, whose own text only the log may show.</summary>
    public static bool IsServerSide(Exception exception) =>
        exception is not RpcException rpc || ServerFailures.SafeDetail(rpc.StatusCode) is not null;

    private static RpcException Safe(StatusCode code) => new(new Status(code, ServerFailures.SafeDetail(code)!));

    /// <summary>A shed call (RESOURCE_EXHAUSTED) with the standard <c>google.rpc.RetryInfo</c> detail saying when to retry.</summary>
    private static RpcException WithRetryInfo(Status status, TimeSpan retryAfter)
    {
        var rich = new Google.Rpc.Status { Code = (int)status.StatusCode, Message = status.Detail };
        rich.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
        return rich.ToRpcException();
    }

    /// <summary>A refusal with a machine-readable reason: the standard <c>google.rpc.ErrorInfo</c> detail carries it (domain <c>edrs</c>).</summary>
    private static RpcException WithErrorInfo(Status status, string reason)
    {
        var rich = new Google.Rpc.Status { Code = (int)status.StatusCode, Message = status.Detail };
        rich.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = "edrs" }));
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

    /// <summary>INVALID_ARGUMENT naming one request field by its proto path, taken as it is (map keys keep their case).</summary>
    public static RpcException InvalidProtoField(string protoPath, string description) =>
        InvalidArgument($"{protoPath}: {description}", [new BadRequest.Types.FieldViolation { Field = protoPath, Description = description }]);

    private static RpcException InvalidArgument(string message, IReadOnlyList<EDRS.Grains.Contracts.FieldViolation> violations) =>
        InvalidArgument(message, [.. violations.Select(v => new BadRequest.Types.FieldViolation { Field = ProtoPath(v.Field), Description = v.Description })]);

    private static RpcException InvalidArgument(string message, BadRequest.Types.FieldViolation[] violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.Add(violations);
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
