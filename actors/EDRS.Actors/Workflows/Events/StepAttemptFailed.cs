namespace EDRS.Actors.Workflows.Events;

/// <summary>An attempt failed and the step is tried again at <paramref name="RetryAt"/>. Stored as <c>workflow_step_attempt_failed</c>.</summary>
public sealed record StepAttemptFailed(string StepId, int Attempt, string Error, DateTimeOffset RetryAt, DateTimeOffset At) : WorkflowEvent;
