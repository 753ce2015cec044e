using EDRS.Actors.Inbound.Work;

namespace EDRS.Actors.Personas.Commands;

/// <summary>
/// One routed event offered to a persona. <paramref name="Priority"/> is null when the caller named none (refused);
/// missing times default to the time of assignment. <paramref name="Decision"/> is the version of the routing decision
/// in the event's own stream.
/// </summary>
public sealed record WorkOffer(
    string EventId,
    string EventType,
    string Source,
    WorkPriority? Priority,
    DateTimeOffset? OccurredAt,
    DateTimeOffset? AcceptedAt,
    long Decision);
