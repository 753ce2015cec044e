namespace EDRS.Actors.Tasks.Commands;

/// <summary>Split the task into subtasks (together with those it has, at most <see cref="TaskLimits.MaxSubtasks"/>).</summary>
public sealed record AddSubtasks(IReadOnlyList<SubtaskPlan> Subtasks) : TaskCommand;
