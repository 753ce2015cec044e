namespace EDRS.Actors.Workflows.Events;

/// <summary>An attempt handed its work to another grain (a <c>task</c> step's task) and now waits for its outcome. Stored as <c>workflow_step_dispatched</c>.</summary>
public sealed record StepDispatched(string StepId, int Attempt, string TaskId, DateTimeOffset At) : WorkflowEvent;
