namespace EDRS.Actors.Tasks;

/// <summary>One status change of a task, with why (the owner and how it was chosen, a failure, who cancelled).</summary>
public sealed record TaskMilestone(TaskStage Stage, DateTimeOffset At, string Note);
