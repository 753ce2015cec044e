using EDRS.Actors.Personas;
using EDRS.Actors.WorkingMemory;

namespace EDRS.Actors.Sessions.Prompting;

/// <summary>
/// Everything a prompt may draw on for one turn: who the persona is, what it currently knows about the person
/// (newest first; superseded and retracted facts are not among them), its working memory (most important first),
/// the replied turns so far (oldest first), what the person just said, the knowledge chunks found for it (best first) and
/// the long-term memories recalled for it (best first).
/// </summary>
public sealed record PromptContext(
    Profile Persona,
    string PersonId,
    IReadOnlyList<KnownFact> Facts,
    IReadOnlyList<HeldItem> Memory,
    IReadOnlyList<SessionTurn> EarlierTurns,
    string UserText,
    IReadOnlyList<KnowledgeExcerpt>? Knowledge = null,
    IReadOnlyList<RecalledMemory>? Recalled = null);
