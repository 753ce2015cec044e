namespace EDRS.Actors.Personas;

/// <summary>Who the persona is.</summary>
public sealed record PersonaProfile(
    string Name,
    string Role,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string> Responsibilities,
    string Personality,
    IReadOnlyList<string>? Handles = null)
{
    public static readonly PersonaProfile Empty = new("", "", [], [], "");

    /// <summary>The event-type patterns the persona handles (none for personas hired before routing existed).</summary>
    public IReadOnlyList<string> HandledPatterns => Handles ?? [];
}
