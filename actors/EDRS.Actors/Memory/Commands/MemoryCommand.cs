namespace EDRS.Actors.Memory.Commands;

/// <summary>What changes a long-term memory, as the domain sees it (no wire types). Closed to this assembly.</summary>
public abstract record MemoryCommand
{
    private protected MemoryCommand()
    {
    }
}
