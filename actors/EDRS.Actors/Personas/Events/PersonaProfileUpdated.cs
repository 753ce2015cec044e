namespace EDRS.Actors.Personas.Events;

/// <summary>The persona's whole profile was replaced. Handles are the event-type patterns it takes work for (absent in events written before routing); Knowledge the collections it may read (absent before knowledge); Tools those its chat model may call (absent before function calling). Stored as <c>persona_profile_updated</c>.</summary>
public sealed record PersonaProfileUpdated(
    string Name,
    string Role,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string> Responsibilities,
    string Personality,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string>? Handles = null,
    IReadOnlyList<string>? Knowledge = null,
    IReadOnlyList<string>? Tools = null) : PersonaEvent;
