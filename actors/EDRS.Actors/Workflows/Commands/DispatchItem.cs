namespace EDRS.Actors.Workflows.Commands;

/// <summary>An item's attempt handed its work to task <paramref name="TaskId"/>.</summary>
public sealed record DispatchItem(string StepId, int Index, int Attempt, string TaskId) : StepItemCommand(StepId);
