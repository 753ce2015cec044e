namespace EDRS.Actors.WorkingMemory.Commands;

/// <summary>What changes a working memory, as the domain sees it (no wire types). Closed to this assembly.</summary>
public abstract record WorkingMemoryCommand
{
    private protected WorkingMemoryCommand()
    {
    }
}
