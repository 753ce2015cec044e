namespace EDRS.Actors.Personas.Events;

/// <summary>The persona finished an open item. Stored as <c>work_completed</c>.</summary>
public sealed record WorkCompleted(string EventId, string Outcome, DateTimeOffset CompletedAt) : PersonaEvent;
