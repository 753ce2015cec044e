namespace EDRS.Hosts.Gateway.Sessions;

/// <summary>The data of one Server-Sent <c>token</c> event: the next piece of the reply.</summary>
/// <param name="Text">The piece, as the model produced it.</param>
public sealed record TokenEvent(string Text);
