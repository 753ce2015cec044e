using EDRS.Grains.Runtime;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EDRS.Hosts.Gateway.Errors;

/// <summary>
/// The one place where grain call failures become HTTP problem details (RFC 7807). A refusal of the caller's request
/// (4xx) keeps the grain's words, made for the caller; a failure on the server's side (5xx) gets the stable text of
/// <see cref="ServerFailures"/> and the <c>traceId</c> under which its own message is logged.
/// </summary>
public static partial class GrainProblems
{
    public static IResult From(RpcException exception, Func<string, string>? fieldName = null, ILogger? logger = null)
    {
        var detail = exception.Status.Detail;
        // A request id (Idempotency-Key) reused for another request: the request is well-formed but cannot be processed
        // under that key (422), whether the gateway's registry or the grain noticed.
        if (GrainFaults.ReasonOf(exception) is GrainFaultReasons.IdempotencyKeyReused)
        {
            return TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The Idempotency-Key was already used for a different request.",
                type: ProblemTypes.TypeOf(GrainFaultReasons.IdempotencyKeyReused),
                extensions: new Dictionary<string, object?> { [ProblemTypes.CodeMember] = GrainFaultReasons.IdempotencyKeyReused });
        }
        if (exception.StatusCode == StatusCode.InvalidArgument)
        {
            var errors = GrainFaults.ViolationsOf(exception)
                .GroupBy(v => fieldName?.Invoke(v.Field) ?? v.Field)
                .ToDictionary(g => g.Key, g => g.Select(v => v.Description).ToArray());
            if (errors.Count > 0)
                return TypedResults.ValidationProblem(errors, detail);
        }
        if (GrainFaults.LimitReachedOf(exception) is { } limit)
            return LimitReached(limit, detail);
        var (status, title) = exception.StatusCode switch
        {
            StatusCode.InvalidArgument => (StatusCodes.Status400BadRequest, "The request is invalid."),
            StatusCode.NotFound => (StatusCodes.Status404NotFound, "Not found."),
            StatusCode.AlreadyExists => (StatusCodes.Status409Conflict, "It already exists."),
            StatusCode.FailedPrecondition => (StatusCodes.Status409Conflict, "The request conflicts with the current state."),
            StatusCode.Aborted => (StatusCodes.Status409Conflict, "A concurrent change won; retry the request."),
            StatusCode.ResourceExhausted => (StatusCodes.Status429TooManyRequests, "Too many requests."),
            StatusCode.Unavailable => (StatusCodes.Status503ServiceUnavailable, "The service is unavailable; retry later."),
            StatusCode.DeadlineExceeded => (StatusCodes.Status504GatewayTimeout, "The request timed out; it may or may not have been applied. Retry it with the same Idempotency-Key."),
            StatusCode.Cancelled => (StatusCodes.Status499ClientClosedRequest, "The request was cancelled."),
            StatusCode.Unimplemented => (StatusCodes.Status501NotImplemented, "Not implemented."),
            _ => (StatusCodes.Status500InternalServerError, "The request failed."),
        };
        if (ServerFailures.SafeDetail(exception.StatusCode) is { } safe)
        {
            if (logger is not null)
                LogServerFailure(logger, exception.StatusCode, detail);
            detail = safe;
        }
        var problem = TypedResults.Problem(detail: detail, statusCode: status, title: title);
        // A grain that sheds load (RESOURCE_EXHAUSTED) says when a retry may succeed: 429 + Retry-After.
        return GrainFaults.RetryAfterOf(exception) is { } retryAfter ? new RetryAfterResult(problem, retryAfter) : problem;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A grain call failed on the server's side with {Status}: {Detail}")]
    private static partial void LogServerFailure(ILogger logger, StatusCode status, string detail);
    /// <summary>
    /// A quota is reached: 409, because the state conflicts with the request and the caller resolves it by removing
    /// something (forgetting a person, retracting facts, finishing work, opening a new session) — retrying unchanged will
    /// not help, unlike a 429. <c>code</c> is <c>limit-reached</c>; <c>limit</c> names the quota as configured.
    /// </summary>
    public static ProblemHttpResult LimitReached(string limit, string detail) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: StatusCodes.Status409Conflict,
            title: "A limit is reached.",
            extensions: new Dictionary<string, object?> { ["code"] = GrainException.LimitReachedReason, ["limit"] = limit });
}
