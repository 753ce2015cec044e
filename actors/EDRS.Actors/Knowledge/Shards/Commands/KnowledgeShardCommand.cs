namespace EDRS.Actors.Knowledge.Shards.Commands;

/// <summary>What changes a knowledge shard, as the domain sees it (no wire types). Closed to this assembly.</summary>
public abstract record KnowledgeShardCommand
{
    private protected KnowledgeShardCommand()
    {
    }
}
