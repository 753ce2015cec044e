using EDRS.Actors.Tasks.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EDRS.Actors.Tasks.Board;

/// <summary>
/// Keeps a <see cref="TaskBoardEntry"/> per task stream. Async under Marten's daemon (the group-commit writer inserts
/// straight into Marten's tables, so an inline projection would never run). The tenant comes from the stream key.
/// </summary>
public sealed partial class TaskBoardProjection : SingleStreamProjection<TaskBoardEntry, string>
{
    public static TaskBoardEntry Create(IEvent<TaskCreated> created)
    {
        var key = created.StreamKey ?? throw new InvalidOperationException($"Event {created.Id} has no stream key.");
        var e = created.Data;
        return new TaskBoardEntry
        {
            Id = key,
            Tenant = TaskBoard.TenantOf(key),
            TaskId = e.TaskId,
            Goal = e.Goal.Length > TaskBoard.GoalPreviewLength ? e.Goal[..TaskBoard.GoalPreviewLength] : e.Goal,
            Priority = e.Priority,
            ParentTaskId = e.ParentTaskId,
            CreatedAt = e.CreatedAt,
            UpdatedAt = e.CreatedAt,
        };
    }

    public static TaskBoardEntry Apply(TaskAssigned e, TaskBoardEntry entry) => entry with { Stage = TaskStage.Assigned, Owner = e.Owner, UpdatedAt = e.AssignedAt };

    public static TaskBoardEntry Apply(TaskStarted e, TaskBoardEntry entry) => entry with { Stage = TaskStage.InProgress, UpdatedAt = e.StartedAt };

    public static TaskBoardEntry Apply(TaskCompleted e, TaskBoardEntry entry) => entry with { Stage = TaskStage.Done, UpdatedAt = e.CompletedAt };

    public static TaskBoardEntry Apply(TaskFailed e, TaskBoardEntry entry) => entry with { Stage = TaskStage.Failed, UpdatedAt = e.FailedAt };

    public static TaskBoardEntry Apply(TaskCancelled e, TaskBoardEntry entry) => entry with { Stage = TaskStage.Cancelled, UpdatedAt = e.CancelledAt };
}
