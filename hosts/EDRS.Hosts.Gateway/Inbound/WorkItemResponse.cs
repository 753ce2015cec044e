namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>One open item of a persona's inbox.</summary>
/// <param name="EventId">The event (and work) id; GET /api/v1/events/{eventId} has the payload and the routing history.</param>
/// <param name="EventType">domain.action.</param>
/// <param name="Source">Who sent the event.</param>
/// <param name="Priority">low, normal, high or critical.</param>
/// <param name="OccurredAt">When it happened at the source.</param>
/// <param name="AcceptedAt">When the event was journaled.</param>
/// <param name="AssignedAt">When it reached this inbox.</param>
public sealed record WorkItemResponse(
    string EventId, string EventType, string Source, string Priority, DateTimeOffset OccurredAt, DateTimeOffset AcceptedAt, DateTimeOffset AssignedAt);
