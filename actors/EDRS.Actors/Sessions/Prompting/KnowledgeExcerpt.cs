namespace EDRS.Actors.Sessions.Prompting;

/// <summary>
/// A knowledge chunk found for the current message, numbered by <paramref name="Marker"/> (the <c>[n]</c> the prompt
/// and an extractive reply show), with when its document last changed.
/// </summary>
public sealed record KnowledgeExcerpt(int Marker, ReplyCitation Citation, string Text, DateTimeOffset UpdatedAt);
