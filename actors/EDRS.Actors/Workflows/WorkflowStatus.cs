namespace EDRS.Actors.Workflows;

/// <summary>Where an instance is.</summary>
public enum WorkflowStatus
{
    None,
    Running,
    Completed,
    Failed,
    Cancelled,
}
