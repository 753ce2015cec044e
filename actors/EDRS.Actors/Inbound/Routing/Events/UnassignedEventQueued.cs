using EDRS.Actors.Inbound.Work;

namespace EDRS.Actors.Inbound.Routing.Events;

/// <summary>An event joined its router partition's unassigned queue. Stored as <c>unassigned_event_queued</c>.</summary>
public sealed record UnassignedEventQueued(
    string EventId,
    string EventType,
    string Source,
    WorkPriority Priority,
    DateTimeOffset QueuedAt) : EventRouterEvent;
