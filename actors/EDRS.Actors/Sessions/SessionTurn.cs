namespace EDRS.Actors.Sessions;

/// <summary>One exchange: what the person said and how the persona answered (or why it did not).</summary>
public sealed record SessionTurn(
    int Number,
    string RequestId,
    string UserText,
    DateTimeOffset SaidAt,
    TurnOutcome Outcome,
    string Reply,
    DateTimeOffset? EndedAt,
    int PromptTokens,
    int ReplyTokens,
    int TurnsInPrompt,
    int TurnsLeftOut,
    string Interruption,
    IReadOnlyList<ReplyCitation>? Citations = null,
    bool Extractive = false);
