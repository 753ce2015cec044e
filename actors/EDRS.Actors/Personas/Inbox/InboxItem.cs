using EDRS.Actors.Inbound.Work;

namespace EDRS.Actors.Personas.Inbox;

/// <summary>One open item of a persona's inbox. <paramref name="Seq"/> orders items of one priority (first assigned first).</summary>
public sealed record InboxItem(
    string EventId,
    string EventType,
    string Source,
    WorkPriority Priority,
    DateTimeOffset OccurredAt,
    DateTimeOffset AcceptedAt,
    DateTimeOffset AssignedAt,
    long Decision,
    long Seq);
