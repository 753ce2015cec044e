namespace EDRS.Actors.Workflows.Registry.Events;

/// <summary>What happens to a tenant's workflow registry. Closed to this assembly.</summary>
public abstract record WorkflowRegistryEvent
{
    private protected WorkflowRegistryEvent()
    {
    }
}
