namespace EDRS.Actors.Tools.Calling;

/// <summary>
/// One call of a tool by a persona's chat model: the model's id of the call, the tool, the arguments it sent (JSON) and
/// what it was answered: the tool's output when <paramref name="Succeeded"/>, else the error the model was shown. Arguments
/// and result are cut at <see cref="ToolCalling.MaxRecordedLength"/> characters when journaled.
/// </summary>
public sealed record ModelToolCall(string CallId, string Tool, string Arguments, string Result, bool Succeeded);
