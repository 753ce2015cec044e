namespace EDRS.Actors.Workflows.Registry.Commands;

/// <summary>What a tenant's workflow registry can be asked to do. Closed to this assembly.</summary>
public abstract record WorkflowRegistryCommand
{
    private protected WorkflowRegistryCommand()
    {
    }
}
