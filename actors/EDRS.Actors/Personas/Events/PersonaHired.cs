namespace EDRS.Actors.Personas.Events;

/// <summary>The persona was created with its first profile. Handles are the event-type patterns it takes work for (absent in events written before routing); Knowledge the collections it may read (absent before knowledge); Tools those its chat model may call (absent before function calling). Stored as <c>persona_hired</c>.</summary>
public sealed record PersonaHired(
    string PersonaId,
    string Name,
    string Role,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string> Responsibilities,
    string Personality,
    DateTimeOffset HiredAt,
    IReadOnlyList<string>? Handles = null,
    IReadOnlyList<string>? Knowledge = null,
    IReadOnlyList<string>? Tools = null) : PersonaEvent;
