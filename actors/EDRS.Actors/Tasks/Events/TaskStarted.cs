namespace EDRS.Actors.Tasks.Events;

/// <summary>The owner started. Stored as <c>task_started</c>.</summary>
public sealed record TaskStarted(DateTimeOffset StartedAt) : TaskEvent;
