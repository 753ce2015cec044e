namespace EDRS.Actors.Workflows.Events;

/// <summary>An item finished with its output (JSON). Stored as <c>workflow_item_succeeded</c>.</summary>
public sealed record ItemSucceeded(string StepId, int Index, int Attempt, string Output, DateTimeOffset At) : StepItemEvent(StepId);
