namespace EDRS.Actors.Workflows.Events;

/// <summary>An item failed for good; the items of its step not yet over are abandoned (cancelled). Stored as <c>workflow_item_failed</c>.</summary>
public sealed record ItemFailed(string StepId, int Index, int Attempt, string Error, DateTimeOffset At) : StepItemEvent(StepId);
