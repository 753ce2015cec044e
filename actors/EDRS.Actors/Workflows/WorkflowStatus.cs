namespace EDRS.Actors.Workflows;

/// <summary>Where an instance is. New values go last: a snapshot may hold the number.</summary>
public enum WorkflowStatus
{
    None,
    Running,
    Completed,
    Failed,
    Cancelled,

    /// <summary>Starts no step or attempt until resumed; what arrives from outside (signals, approvals, task outcomes) is still recorded.</summary>
    Paused,

    /// <summary>Failed for good or cancelled, and running the compensations of its succeeded steps before it ends so.</summary>
    Compensating,
}
