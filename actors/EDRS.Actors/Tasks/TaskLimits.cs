namespace EDRS.Actors.Tasks;

/// <summary>The bounds of a task, checked by <see cref="TaskDecider"/>.</summary>
public static class TaskLimits
{
    public const int MaxGoalLength = 2_000;
    public const int MaxRequesterLength = 200;
    public const int MaxSkills = 10;
    public const int MaxSkillLength = 100;
    public const int MaxResultLength = 100_000;
    public const int MaxReasonLength = 2_000;
    public const int MaxInputBytes = 100_000;

    /// <summary>Subtasks one task may have (the product brief's task decomposer plans at most 10).</summary>
    public const int MaxSubtasks = 10;

    /// <summary>Levels of tasks: a task is level 1, its subtasks level 2, theirs level 3, which have none.</summary>
    public const int MaxDepth = 3;

    /// <summary>Status changes kept in a task's history.</summary>
    public const int MaxHistory = 100;
}
