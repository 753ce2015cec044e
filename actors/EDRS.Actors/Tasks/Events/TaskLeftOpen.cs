namespace EDRS.Actors.Tasks.Events;

/// <summary>No persona could take the task: it stays open, with why. Stored as <c>task_left_open</c>.</summary>
public sealed record TaskLeftOpen(string Reason, DateTimeOffset At) : TaskEvent;
