namespace EDRS.Hosts.Gateway.Sessions;

/// <summary>What the person says to the persona.</summary>
/// <param name="Text">The message, required, at most 8,000 characters.</param>
/// <param name="MaxReplyTokens">Longest reply in model tokens, 1 to 4,096; the server's default (256) when absent.</param>
/// <param name="Mode">
/// <c>auto</c> (the default): a generated reply when a chat model is configured, else an extractive one that quotes the
/// persona's knowledge and memory with citations; <c>generate</c>: a generated reply, or 503 when no model is configured.
/// </param>
public sealed record MessageBody(string? Text, int? MaxReplyTokens, string? Mode = null);
