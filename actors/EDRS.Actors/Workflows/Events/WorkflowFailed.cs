namespace EDRS.Actors.Workflows.Events;

/// <summary>A step failed for good, so the instance did. Stored as <c>workflow_failed</c>.</summary>
public sealed record WorkflowFailed(string Error, DateTimeOffset At) : WorkflowEvent;
