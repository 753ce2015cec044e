using EDRS.Grains.Contracts;
using EDRS.Persistence.Journal;
using Grpc.Core;

namespace EDRS.Grains.Runtime;

/// <summary>
/// A call a grain refuses, with the gRPC status that says why. Deciders throw it; the grain actor
/// turns it into a <see cref="GrainFault"/> reply; the typed client turns that into an <see cref="RpcException"/>.
/// </summary>
public sealed class GrainException(
    StatusCode code, string message, IReadOnlyList<FieldViolation>? violations = null, TimeSpan? retryAfter = null, string? reason = null, string? limit = null)
    : Exception(message)
{
    /// <summary><see cref="Reason"/> of a refusal by a quota (answered FAILED_PRECONDITION; REST 409 with <c>code: limit-reached</c>).</summary>
    public const string LimitReachedReason = "limit-reached";

    public StatusCode Code { get; } = code;

    /// <summary>A stable machine-readable reason beside the code (<see cref="GrainFaultReasons"/>, <see cref="LimitReachedReason"/>); travels as <see cref="GrainFault.Reason"/>.</summary>
    public string? Reason { get; } = reason;

    /// <summary>For <see cref="LimitReachedReason"/>: the quota, as configured.</summary>
    public string? Limit { get; } = limit;

    /// <summary>When a retry may succeed (load shedding); travels as <see cref="GrainFault.RetryAfterMs"/>.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static GrainException ResourceExhausted(string message, TimeSpan retryAfter) =>
        new(StatusCode.ResourceExhausted, message, retryAfter: retryAfter);

    public IReadOnlyList<FieldViolation> Violations { get; } = violations ?? [];

    public static GrainException Invalid(string field, string description) =>
        new(StatusCode.InvalidArgument, $"{field}: {description}", [new FieldViolation { Field = field, Description = description }]);

    public static GrainException NotFound(string message) => new(StatusCode.NotFound, message);

    public static GrainException AlreadyExists(string message) => new(StatusCode.AlreadyExists, message);

    public static GrainException FailedPrecondition(string message) => new(StatusCode.FailedPrecondition, message);

    /// <summary>A request id (the client's Idempotency-Key) that was already used for a different request.</summary>
    public static GrainException RequestIdReused(string requestId) =>
        new(StatusCode.FailedPrecondition,
            $"The Idempotency-Key (request id) '{requestId}' was already used for a different request; use a new key for a new request.",
            reason: GrainFaultReasons.IdempotencyKeyReused);

    /// <summary>A quota is reached: the state must shrink (or the quota grow) before the call can succeed.</summary>
    public static GrainException LimitReached(string limit, string message) =>
        new(StatusCode.FailedPrecondition, message, reason: LimitReachedReason, limit: limit);

    /// <summary>A known refusal as a grain failure (a domain rejection mapped to its status), or null for anything else.</summary>
    public static GrainException? Of(Exception exception) => exception switch
    {
        GrainException grain => grain,
        CommandRejectedException rejected => From(rejected),
        JournalRejectedException refused => From(refused),
        _ => null,
    };

    /// <summary>The status a domain rejection answers with: the one mapping from domain outcomes to gRPC codes.</summary>
    public static GrainException From(CommandRejectedException rejection) => rejection.Reason switch
    {
        RejectionReason.Invalid => Invalid(rejection.Field ?? "request", rejection.Description ?? rejection.Message),
        RejectionReason.NotFound => NotFound(rejection.Message),
        RejectionReason.AlreadyExists => AlreadyExists(rejection.Message),
        RejectionReason.Conflict => FailedPrecondition(rejection.Message),
        RejectionReason.LimitReached => LimitReached(rejection.Limit ?? "", rejection.Message),
        _ => new GrainException(StatusCode.Internal, rejection.Message),
    };

    /// <summary>
    /// The status a journal refusal answers with: nothing was written and the same data would be refused again, so the
    /// caller must change its request — INVALID_ARGUMENT for data the journal cannot store (SQL class 22), naming
    /// <paramref name="field"/>; FAILED_PRECONDITION for a storage rule or limit (classes 23, 54). The message speaks of
    /// the request, never of streams or SQL states: the grain logs those.
    /// </summary>
    /// <param name="field">The request field the refused data came from, as the API names it, when the grain knows it.</param>
    public static GrainException From(JournalRejectedException refusal, string field = "request") =>
        refusal.SqlState.StartsWith("22", StringComparison.Ordinal)
            ? Invalid(field, "holds a value that cannot be stored (NUL, an unpaired UTF-16 surrogate, or a number out of range); nothing was written")
            : FailedPrecondition("The request cannot be stored: it breaks a rule or a size limit of the journal; nothing was written.");

    public GrainFault ToFault()
    {
        var fault = new GrainFault
        {
            Code = (int)Code,
            Message = Message,
            RetryAfterMs = RetryAfter is { } after ? (int)Math.Ceiling(after.TotalMilliseconds) : 0,
            Reason = Reason ?? "",
            Limit = Limit ?? "",
        };
        fault.Violations.AddRange(Violations);
        return fault;
    }
}
