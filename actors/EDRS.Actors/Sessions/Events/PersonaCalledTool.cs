using EDRS.Actors.Tools.Calling;

namespace EDRS.Actors.Sessions.Events;

/// <summary>
/// The persona's chat model called a tool while replying to turn <paramref name="Turn"/> (arguments and result bounded,
/// <see cref="ToolCalling.MaxRecordedLength"/>). Journaled with the turn's reply, before it. Stored as <c>persona_called_tool</c>.
/// </summary>
public sealed record PersonaCalledTool(int Turn, string CallId, string Tool, string Arguments, string Result, bool Succeeded) : SessionEvent;
