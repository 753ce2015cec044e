namespace EDRS.Actors.Inbound.Routing.Events;

/// <summary>A queued event was routed to <paramref name="PersonaId"/> and left the queue. Stored as <c>unassigned_event_dequeued</c>.</summary>
public sealed record UnassignedEventDequeued(string EventId, string PersonaId, DateTimeOffset DequeuedAt) : EventRouterEvent;
