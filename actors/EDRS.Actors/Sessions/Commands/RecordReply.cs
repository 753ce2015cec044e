using EDRS.Actors.Sessions.Prompting;

namespace EDRS.Actors.Sessions.Commands;

/// <summary>The model finished the reply to an accepted turn: journal what was said and the complete reply together.</summary>
public sealed record RecordReply(
    ValidTurn Turn, string RequestId, DateTimeOffset SaidAt, string Reply, AssembledPrompt Prompt, int ReplyTokens) : SessionCommand;
