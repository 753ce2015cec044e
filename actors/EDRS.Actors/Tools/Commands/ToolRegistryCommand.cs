namespace EDRS.Actors.Tools.Commands;

/// <summary>What a tenant's tool registry can be asked to do. Closed to this assembly.</summary>
public abstract record ToolRegistryCommand
{
    private protected ToolRegistryCommand()
    {
    }
}
