namespace EDRS.Actors.Tasks.Events;

/// <summary>A subtask ended and told its parent. Stored as <c>subtask_outcome_recorded</c>.</summary>
public sealed record SubtaskOutcomeRecorded(string SubtaskId, TaskStage Stage, string Result, DateTimeOffset At) : TaskEvent;
