namespace EDRS.Actors.Workflows.Events;

/// <summary>
/// A step's compensation failed for good (no retry left, or a failure a retry cannot mend): recorded, and the remaining
/// compensations still run. Stored as <c>workflow_compensation_failed</c>.
/// </summary>
public sealed record CompensationFailed(string StepId, int Attempt, string Error, DateTimeOffset At) : CompensationEvent;
