using EDRS.Actors.Inbound.Work;

namespace EDRS.Actors.Personas.Events;

/// <summary>
/// A routed event became open work of the persona. <paramref name="Decision"/> is the version of the routing
/// decision in the event's own stream (<c>event/{tenant}/{eventId}</c>), which says why it came here.
/// Stored as <c>work_assigned</c>.
/// </summary>
public sealed record WorkAssigned(
    string EventId,
    string EventType,
    string Source,
    WorkPriority Priority,
    DateTimeOffset OccurredAt,
    DateTimeOffset AcceptedAt,
    long Decision,
    DateTimeOffset AssignedAt) : PersonaEvent;
