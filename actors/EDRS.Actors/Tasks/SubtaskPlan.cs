using EDRS.Actors.Inbound.Work;

namespace EDRS.Actors.Tasks;

/// <summary>A subtask to create: its goal, the skills its owner needs, its priority (null: the parent's).</summary>
public sealed record SubtaskPlan(string Goal, IReadOnlyList<string> Skills, WorkPriority? Priority);
