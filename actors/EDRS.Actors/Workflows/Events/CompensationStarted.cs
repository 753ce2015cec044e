namespace EDRS.Actors.Workflows.Events;

/// <summary>An attempt of a step's compensation started. Stored as <c>workflow_compensation_started</c>.</summary>
public sealed record CompensationStarted(string StepId, int Attempt, DateTimeOffset At) : CompensationEvent;
