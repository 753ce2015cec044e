namespace EDRS.Actors.Workflows.Events;

/// <summary>What happens to a workflow instance. Closed to this assembly.</summary>
public abstract record WorkflowEvent
{
    private protected WorkflowEvent()
    {
    }
}
