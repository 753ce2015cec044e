namespace EDRS.Actors.Personas;

/// <summary>Who the persona is.</summary>
public sealed record PersonaProfile(
    string Name,
    string Role,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string> Responsibilities,
    string Personality)
{
    public static readonly PersonaProfile Empty = new("", "", [], [], "");
}
