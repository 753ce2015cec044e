namespace EDRS.Actors.Workflows.Events;

/// <summary>An attempt of a step's compensation failed; it is tried again at <paramref name="RetryAt"/>. Stored as <c>workflow_compensation_attempt_failed</c>.</summary>
public sealed record CompensationAttemptFailed(string StepId, int Attempt, string Error, DateTimeOffset RetryAt, DateTimeOffset At) : CompensationEvent;
