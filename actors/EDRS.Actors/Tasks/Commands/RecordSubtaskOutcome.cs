namespace EDRS.Actors.Tasks.Commands;

/// <summary>A subtask ended (done, failed or cancelled): its parent records it. Repeated reports change nothing.</summary>
public sealed record RecordSubtaskOutcome(string SubtaskId, TaskStage Stage, string Result) : TaskCommand;
