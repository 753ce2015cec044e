using EDRS.Actors.Tools.Calling;

namespace EDRS.Actors.Workflows.Events;

/// <summary>
/// The chat model of a <c>persona</c> step's attempt called tools (arguments and results bounded,
/// <see cref="ToolCalling.MaxRecordedLength"/>); journaled before the attempt's outcome. Stored as <c>workflow_step_called_tools</c>.
/// </summary>
public sealed record PersonaStepCalledTools(string StepId, int Attempt, IReadOnlyList<ModelToolCall> Calls) : WorkflowEvent;
