using EDRS.Actors.Inbound.Work;

namespace EDRS.Actors.Inbound.Routing.Commands;

/// <summary>An event that waits for a persona that handles its type.</summary>
public sealed record UnroutedEvent(string EventId, string EventType, string Source, WorkPriority Priority);
