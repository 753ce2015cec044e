namespace EDRS.Hosts.Gateway.Sessions;

/// <summary>What the person says to the persona.</summary>
/// <param name="Text">The message, required, at most 8,000 characters.</param>
/// <param name="MaxReplyTokens">Longest reply in model tokens, 1 to 4,096; the server's default (256) when absent.</param>
public sealed record MessageBody(string? Text, int? MaxReplyTokens);
