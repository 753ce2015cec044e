namespace EDRS.Actors.Workflows.Commands;

/// <summary>What a workflow instance can be asked to do. Closed to this assembly.</summary>
public abstract record WorkflowCommand
{
    private protected WorkflowCommand()
    {
    }
}
