namespace EDRS.Actors.Tasks.Events;

/// <summary>The task was cancelled. Stored as <c>task_cancelled</c>, published as <c>task.cancelled</c>.</summary>
public sealed record TaskCancelled(string Reason, DateTimeOffset CancelledAt) : TaskEvent;
