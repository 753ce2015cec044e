namespace EDRS.Actors.Tools.Events;

/// <summary>What happens to a tenant's tool registry. Closed to this assembly.</summary>
public abstract record ToolRegistryEvent
{
    private protected ToolRegistryEvent()
    {
    }
}
