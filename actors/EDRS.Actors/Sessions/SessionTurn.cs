using EDRS.Actors.Tools.Calling;

namespace EDRS.Actors.Sessions;

/// <summary>One exchange: what the person said, the tools the persona's model called, and how the persona answered (or why it did not).</summary>
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
    bool Extractive = false,
    IReadOnlyList<ModelToolCall>? ToolCalls = null);
