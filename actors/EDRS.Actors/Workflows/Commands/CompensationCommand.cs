namespace EDRS.Actors.Workflows.Commands;

/// <summary>What the executor asks of a workflow that undoes its steps.</summary>
public abstract record CompensationCommand : WorkflowCommand
{
    private protected CompensationCommand()
    {
    }
}
