namespace EDRS.Actors.Sessions.Commands;

/// <summary>
/// The person says <paramref name="Text"/>; <paramref name="MaxReplyTokens"/> 0 takes the session default. Accepted (or
/// refused) before the model is asked: <see cref="SessionDecider.Accept"/>.
/// </summary>
public sealed record Say(string Text, int MaxReplyTokens);
