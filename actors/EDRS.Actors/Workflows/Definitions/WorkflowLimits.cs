namespace EDRS.Actors.Workflows.Definitions;

/// <summary>What a template may hold.</summary>
public static class WorkflowLimits
{
    public const int MaxSteps = 50;
    public const int MaxDefinitionBytes = 64 * 1024;
    public const int MaxInputBytes = 64 * 1024;
    public const int MaxTemplates = 200;
    public const int MaxAttempts = 20;
    public const int MaxDelayMs = 24 * 3600 * 1000;
    public const int MaxTimeoutSeconds = 30 * 24 * 3600;
    public const double MaxWaitSeconds = 365 * 24 * 3600;
    public const int MaxPromptLength = 8_000;
    public const int MaxSchemaBytes = 16 * 1024;

    /// <summary>Items one <c>map</c> step runs; a longer list fails the step.</summary>
    public const int MaxMapItems = 100;

    /// <summary>Subtasks of one decomposition (the product brief's task decomposer plans at most 10).</summary>
    public const int MaxSubtasks = 10;

    /// <summary>Items of one step in flight at once; the others wait for a place.</summary>
    public const int MaxParallelItems = 10;
}
