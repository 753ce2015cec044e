namespace EDRS.Actors.Workflows.Events;

/// <summary>
/// A failed instance runs again from <paramref name="StepId"/>: that step and every step downstream of it
/// (<paramref name="Reset"/>) are pending again, keeping their attempt counts so the next attempt has a new number.
/// Stored as <c>workflow_retried_from_step</c>.
/// </summary>
public sealed record WorkflowRetriedFromStep(string StepId, IReadOnlyList<string> Reset, DateTimeOffset At) : WorkflowEvent;
