namespace EDRS.Actors.Personas.Events;

/// <summary>A fact the persona held no longer holds. Stored as <c>person_fact_retracted</c>.</summary>
public sealed record PersonFactRetracted(string PersonId, long FactId, string Reason, DateTimeOffset RetractedAt) : PersonaEvent;
