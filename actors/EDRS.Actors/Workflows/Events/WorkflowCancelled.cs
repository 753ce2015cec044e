namespace EDRS.Actors.Workflows.Events;

/// <summary>The instance was cancelled. Stored as <c>workflow_cancelled</c>.</summary>
public sealed record WorkflowCancelled(string Reason, DateTimeOffset At) : WorkflowEvent;
