namespace EDRS.Actors.Workflows.Events;

/// <summary>Every step succeeded; the template's output. Stored as <c>workflow_completed</c>.</summary>
public sealed record WorkflowCompleted(string Output, DateTimeOffset At) : WorkflowEvent;
