namespace EDRS.Actors.Workflows.Events;

/// <summary>A step's compensation succeeded: the step is undone. Stored as <c>workflow_compensation_succeeded</c>.</summary>
public sealed record CompensationSucceeded(string StepId, int Attempt, string Output, DateTimeOffset At) : CompensationEvent;
