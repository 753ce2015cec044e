namespace EDRS.Actors.Workflows.Events;

/// <summary>An item's attempt failed and the item is tried again at <paramref name="RetryAt"/>. Stored as <c>workflow_item_attempt_failed</c>.</summary>
public sealed record ItemAttemptFailed(string StepId, int Index, int Attempt, string Error, DateTimeOffset RetryAt, DateTimeOffset At) : StepItemEvent(StepId);
