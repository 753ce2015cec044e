using EDRS.Actors.Tools.Calling;

namespace EDRS.Actors.Sessions.Commands;

/// <summary>The reply to an accepted turn broke off after <paramref name="TokensStreamed"/> pieces: journal it as interrupted, with the tools its model called (their effects happened).</summary>
public sealed record RecordInterruption(
    ValidTurn Turn, string RequestId, DateTimeOffset SaidAt, string Reason, int TokensStreamed, IReadOnlyList<ModelToolCall>? ToolCalls = null) : SessionCommand;
