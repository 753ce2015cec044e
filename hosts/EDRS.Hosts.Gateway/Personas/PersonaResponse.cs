namespace EDRS.Hosts.Gateway.Personas;

/// <summary>A persona as the REST API shows it.</summary>
public sealed record PersonaResponse(
    string Id,
    string Name,
    string Role,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string> Responsibilities,
    string Personality,
    long Version,
    DateTimeOffset HiredAt,
    DateTimeOffset UpdatedAt,
    int PeopleKnown);
