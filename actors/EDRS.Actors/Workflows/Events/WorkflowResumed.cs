namespace EDRS.Actors.Workflows.Events;

/// <summary>A paused instance runs again. Stored as <c>workflow_resumed</c>.</summary>
public sealed record WorkflowResumed(DateTimeOffset At) : WorkflowEvent;
