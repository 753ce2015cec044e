using EDRS.Actors.Inbound.Work;

namespace EDRS.Actors.Tasks;

/// <summary>A subtask as its parent knows it: created with this goal, and its outcome once it reported one.</summary>
public sealed record SubtaskSummary(string TaskId, string Goal, IReadOnlyList<string> Skills, WorkPriority Priority, TaskStage Stage, string Result);
