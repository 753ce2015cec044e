namespace EDRS.Actors.Tasks.Events;

/// <summary>The task was split: each subtask (id <c>{task}.{n}</c>) becomes a task of its own. Stored as <c>subtasks_added</c>.</summary>
public sealed record SubtasksAdded(IReadOnlyList<SubtaskSummary> Subtasks, DateTimeOffset AddedAt) : TaskEvent;
