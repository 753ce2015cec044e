namespace EDRS.Grains.Runtime;

/// <summary>
/// A command the domain refuses, with why (<see cref="Reason"/>) and, for invalid input, the field. Deciders throw it
/// through <see cref="Reject"/>; they know nothing of gRPC. The grain runtime answers it with the matching status code
/// (<see cref="GrainException.From(CommandRejectedException)"/>), so the edges map one set of outcomes.
/// </summary>
public sealed class CommandRejectedException(RejectionReason reason, string message, string? field = null) : Exception(message)
{
    public RejectionReason Reason { get; } = reason;

    /// <summary>For <see cref="RejectionReason.Invalid"/>: the field as the API names it (camelCase, dotted path).</summary>
    public string? Field { get; } = field;

    /// <summary>For <see cref="RejectionReason.Invalid"/>: what is wrong with <see cref="Field"/>, without the field's name.</summary>
    public string? Description { get; init; }

    /// <summary>For <see cref="RejectionReason.LimitReached"/>: the quota, as configured (e.g. <c>Quotas:PeoplePerPersona</c>).</summary>
    public string? Limit { get; init; }
}
