namespace EDRS.Actors.Inbound.History.Events;

/// <summary>
/// A routing decision: no persona handles the event's type (or every one that does handed it back), so it waits
/// in its router partition's unassigned queue. Stored as <c>event_unassigned</c>.
/// </summary>
public sealed record EventUnassigned(string Reason, DateTimeOffset UnassignedAt) : RoutingDecision;
