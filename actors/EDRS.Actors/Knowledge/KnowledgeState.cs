namespace EDRS.Actors.Knowledge;

/// <summary>A collection's settings as folded from its events; <see cref="Exists"/> is false until it is created.</summary>
public sealed record KnowledgeState(
    bool Exists,
    string Name,
    string Description,
    int Shards,
    IReadOnlyList<string> AllowedSources,
    DateTimeOffset CreatedAt)
{
    public static readonly KnowledgeState Initial = new(false, "", "", 0, [], default);
}
