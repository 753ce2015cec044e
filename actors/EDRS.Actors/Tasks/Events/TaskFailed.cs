namespace EDRS.Actors.Tasks.Events;

/// <summary>The task failed. Stored as <c>task_failed</c>, published as <c>task.failed</c>.</summary>
public sealed record TaskFailed(string Reason, DateTimeOffset FailedAt) : TaskEvent;
