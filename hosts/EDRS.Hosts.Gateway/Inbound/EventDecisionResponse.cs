namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>One routing decision about an event, as journaled in its stream.</summary>
/// <param name="Version">Its position in the event's stream.</param>
/// <param name="Kind"><c>routed</c> or <c>unassigned</c>.</param>
/// <param name="PersonaId">The persona it was routed to (routed only).</param>
/// <param name="Reason">Why: which personas matched and their load, or why none did.</param>
/// <param name="At">When it was decided.</param>
public sealed record EventDecisionResponse(long Version, string Kind, string? PersonaId, string Reason, DateTimeOffset At);
