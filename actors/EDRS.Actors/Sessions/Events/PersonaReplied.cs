namespace EDRS.Actors.Sessions.Events;

/// <summary>
/// The persona's complete reply to turn <paramref name="Turn"/>, with what its prompt held: tokens (the model's
/// own count), earlier turns carried and left out; the knowledge chunks it cites, and whether it was quoted (no model)
/// rather than generated (both absent in events written before knowledge). Stored as <c>persona_replied</c>.
/// </summary>
public sealed record PersonaReplied(
    int Turn,
    string Text,
    int PromptTokens,
    int ReplyTokens,
    int TurnsInPrompt,
    int TurnsLeftOut,
    DateTimeOffset RepliedAt,
    IReadOnlyList<ReplyCitation>? Citations = null,
    bool Extractive = false) : SessionEvent;
