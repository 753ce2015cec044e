using EDRS.Actors.Tools.Calling;

namespace EDRS.Actors.Workflows;

/// <summary>A tool the model of a <c>persona</c> step called, in attempt <paramref name="Attempt"/>.</summary>
public sealed record StepToolCall(int Attempt, ModelToolCall Call);
