namespace EDRS.Hosts.Gateway.Sessions;

/// <summary>The persona's complete reply to a message, as journaled.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Turn">The turn's number.</param>
/// <param name="Text">The reply. Streamed, it is the concatenation of the <c>token</c> events.</param>
/// <param name="PromptTokens">Tokens of the prompt the model got, counted by its own tokenizer.</param>
/// <param name="ReplyTokens">Tokens of the reply.</param>
/// <param name="TurnsInPrompt">Earlier turns the prompt carried.</param>
/// <param name="TurnsLeftOut">Earlier (oldest) turns left out to fit the model's token budget.</param>
/// <param name="Version">The session's stream version after this turn.</param>
/// <param name="Citations">The knowledge chunks the reply drew on, in marker order (<c>[1]</c> is the first).</param>
/// <param name="ToolCalls">The tools the persona's chat model called while replying, in call order; absent when none.</param>
/// <param name="Extractive">True when the reply quotes the persona's knowledge and memory because no chat model is configured.</param>
public sealed record ReplyResponse(
    string SessionId,
    int Turn,
    string Text,
    int PromptTokens,
    int ReplyTokens,
    int TurnsInPrompt,
    int TurnsLeftOut,
    long Version,
    IReadOnlyList<CitationResponse> Citations,
    bool Extractive,
    IReadOnlyList<ToolCallResponse>? ToolCalls = null);
