namespace EDRS.Actors.Workflows;

/// <summary>Where a step of an instance is.</summary>
public enum StepStatus
{
    Pending,
    Running,
    Retrying,
    Succeeded,
    Failed,
    Cancelled,
}
