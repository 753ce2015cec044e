namespace EDRS.Actors.Workflows.Events;

/// <summary>An attempt of a step started; <paramref name="DueAt"/> is a timer's due time or the attempt's deadline. Stored as <c>workflow_step_started</c>.</summary>
public sealed record StepStarted(string StepId, int Attempt, DateTimeOffset StartedAt, DateTimeOffset? DueAt) : WorkflowEvent;
