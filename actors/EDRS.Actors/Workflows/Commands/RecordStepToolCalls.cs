using EDRS.Actors.Tools.Calling;

namespace EDRS.Actors.Workflows.Commands;

/// <summary>The model of a <c>persona</c> step's attempt called these tools: journal them with the step.</summary>
public sealed record RecordStepToolCalls(string StepId, int Attempt, IReadOnlyList<ModelToolCall> Calls) : WorkflowCommand;
