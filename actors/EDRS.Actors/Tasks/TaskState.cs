using System.Collections.Immutable;
using EDRS.Actors.Inbound.Work;

namespace EDRS.Actors.Tasks;

/// <summary>A task as folded from its events.</summary>
public sealed record TaskState(
    bool Exists,
    string TaskId,
    string Goal,
    string Requester,
    IReadOnlyList<string> Skills,
    WorkPriority Priority,
    TaskStage Stage,
    string Owner,
    string ParentTaskId,
    int Depth,
    string Input,
    TaskWatcher? Watcher,
    string Result,
    string Failure,
    ImmutableList<SubtaskSummary> Subtasks,
    ImmutableList<TaskMilestone> History,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static readonly TaskState Initial = new(
        false, "", "", "", [], WorkPriority.Normal, TaskStage.Open, "", "", 0, "", null, "", "", [], [], default, default);

    /// <summary>Done, failed or cancelled: nothing changes any more.</summary>
    public bool IsFinished => Stage is TaskStage.Done or TaskStage.Failed or TaskStage.Cancelled;
}
