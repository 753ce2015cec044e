namespace EDRS.Actors.Personas;

/// <summary>Who the persona is: as a command asks for it, and (validated) as the persona holds it.</summary>
public sealed record Profile(
    string Name,
    string Role,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string> Responsibilities,
    string Personality,
    IReadOnlyList<string>? Handles = null,
    IReadOnlyList<string>? Knowledge = null,
    IReadOnlyList<string>? Tools = null)
{
    public static readonly Profile Empty = new("", "", [], [], "");

    /// <summary>The event-type patterns the persona handles (none for personas hired before routing existed).</summary>
    public IReadOnlyList<string> HandledPatterns => Handles ?? [];

    /// <summary>The knowledge collections the persona may read and cite (none for personas hired before knowledge existed).</summary>
    public IReadOnlyList<string> KnowledgeCollections => Knowledge ?? [];

    /// <summary>The tools the persona's chat model may call (none for personas hired before function calling existed).</summary>
    public IReadOnlyList<string> CallableTools => Tools ?? [];
}
