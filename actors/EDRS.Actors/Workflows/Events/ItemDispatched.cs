namespace EDRS.Actors.Workflows.Events;

/// <summary>An item's attempt created its task and waits for its outcome. Stored as <c>workflow_item_dispatched</c>.</summary>
public sealed record ItemDispatched(string StepId, int Index, int Attempt, string TaskId, DateTimeOffset At) : StepItemEvent(StepId);
