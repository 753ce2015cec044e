using EDRS.Actors.Inbound.Work;

namespace EDRS.Actors.Tasks.Board;

/// <summary>One task as the board lists it: a read model <see cref="TaskBoardProjection"/> keeps from the task's events.</summary>
public sealed record TaskBoardEntry
{
    /// <summary>The task's stream key, <c>task/{tenant}/{taskId}</c>: sorts by task id within a tenant.</summary>
    public required string Id { get; init; }

    public required string Tenant { get; init; }

    public required string TaskId { get; init; }

    public required string Goal { get; init; }

    public TaskStage Stage { get; init; } = TaskStage.Open;

    /// <summary>The owner persona; empty while the task is open.</summary>
    public string Owner { get; init; } = "";

    public WorkPriority Priority { get; init; } = WorkPriority.Normal;

    public string ParentTaskId { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
