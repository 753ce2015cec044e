namespace EDRS.Actors.Workflows.Events;

/// <summary>The instance was paused: it starts no step or attempt until resumed. Stored as <c>workflow_paused</c>.</summary>
public sealed record WorkflowPaused(string Reason, DateTimeOffset At) : WorkflowEvent;
