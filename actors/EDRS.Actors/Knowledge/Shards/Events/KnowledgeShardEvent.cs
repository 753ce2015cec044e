namespace EDRS.Actors.Knowledge.Shards.Events;

/// <summary>Everything that happens to a knowledge shard. Closed to this assembly.</summary>
public abstract record KnowledgeShardEvent
{
    private protected KnowledgeShardEvent()
    {
    }
}
