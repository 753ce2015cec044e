namespace EDRS.Hosts.Gateway.Sessions;

/// <summary>One exchange of a session.</summary>
/// <param name="Number">The turn's number, from 1.</param>
/// <param name="UserText">What the person said.</param>
/// <param name="Reply">The persona's complete reply; absent unless the status is <c>replied</c>.</param>
/// <param name="Status"><c>replied</c>, or <c>interrupted</c> when generating the reply failed or was cancelled midway (no reply is kept).</param>
/// <param name="SaidAt">When the person said it.</param>
/// <param name="EndedAt">When the reply completed or was interrupted.</param>
/// <param name="PromptTokens">Tokens of the prompt the model got, counted by its own tokenizer.</param>
/// <param name="ReplyTokens">Tokens of the reply.</param>
/// <param name="Interruption">Why the reply was interrupted; absent otherwise.</param>
/// <param name="ToolCalls">The tools the persona's chat model called while replying, in call order; absent when none.</param>
public sealed record TurnResponse(
    int Number,
    string UserText,
    string? Reply,
    string Status,
    DateTimeOffset SaidAt,
    DateTimeOffset? EndedAt,
    int PromptTokens,
    int ReplyTokens,
    string? Interruption,
    IReadOnlyList<ToolCallResponse>? ToolCalls = null);
