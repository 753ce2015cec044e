namespace EDRS.Actors.Personas.Events;

/// <summary>The persona handed an open item back, to be routed to another persona. Stored as <c>work_returned</c>.</summary>
public sealed record WorkReturned(string EventId, string Reason, DateTimeOffset ReturnedAt) : PersonaEvent;
