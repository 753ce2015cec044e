namespace EDRS.Actors.Sessions;

/// <summary>A turn the decider accepted, before the model is asked: its number, the person's words and the reply's token limit.</summary>
public sealed record ValidTurn(int Number, string Text, int MaxReplyTokens);
