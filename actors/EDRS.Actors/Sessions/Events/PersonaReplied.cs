namespace EDRS.Actors.Sessions.Events;

/// <summary>
/// The persona's complete reply to turn <paramref name="Turn"/>, with what its prompt held: tokens (the model's
/// own count), earlier turns carried and left out. Stored as <c>persona_replied</c>.
/// </summary>
public sealed record PersonaReplied(
    int Turn,
    string Text,
    int PromptTokens,
    int ReplyTokens,
    int TurnsInPrompt,
    int TurnsLeftOut,
    DateTimeOffset RepliedAt) : SessionEvent;
