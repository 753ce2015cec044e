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
}
