namespace EDRS.Actors.Personas.Events;

/// <summary>The persona was created with its first profile. Stored as <c>persona_hired</c>.</summary>
public sealed record PersonaHired(
    string PersonaId,
    string Name,
    string Role,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string> Responsibilities,
    string Personality,
    DateTimeOffset HiredAt);
