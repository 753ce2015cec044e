using EDRS.Grains.Contracts.Events;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>An event joined its router partition's unassigned queue. Stored as <c>unassigned_event_queued</c>.</summary>
public sealed record UnassignedEventQueued(
    string EventId,
    string EventType,
    string Source,
    EventPriority Priority,
    DateTimeOffset QueuedAt);
