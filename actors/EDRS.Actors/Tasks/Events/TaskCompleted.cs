namespace EDRS.Actors.Tasks.Events;

/// <summary>The task is done. Stored as <c>task_completed</c>, published as <c>task.completed</c>.</summary>
public sealed record TaskCompleted(string Result, DateTimeOffset CompletedAt) : TaskEvent;
