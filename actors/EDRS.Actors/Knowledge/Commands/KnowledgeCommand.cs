namespace EDRS.Actors.Knowledge.Commands;

/// <summary>What changes a knowledge collection, as the domain sees it (no wire types). Closed to this assembly.</summary>
public abstract record KnowledgeCommand
{
    private protected KnowledgeCommand()
    {
    }
}
