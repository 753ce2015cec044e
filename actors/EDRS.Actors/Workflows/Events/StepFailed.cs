namespace EDRS.Actors.Workflows.Events;

/// <summary>A step failed for good (no retry left, or a failure a retry cannot mend). Stored as <c>workflow_step_failed</c>.</summary>
public sealed record StepFailed(string StepId, int Attempt, string Error, DateTimeOffset At) : WorkflowEvent;
