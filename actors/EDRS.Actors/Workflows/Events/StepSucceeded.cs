namespace EDRS.Actors.Workflows.Events;

/// <summary>A step finished with its output (JSON). Stored as <c>workflow_step_succeeded</c>.</summary>
public sealed record StepSucceeded(string StepId, int Attempt, string Output, DateTimeOffset At) : WorkflowEvent;
