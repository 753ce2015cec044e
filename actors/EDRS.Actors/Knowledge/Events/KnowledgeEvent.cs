namespace EDRS.Actors.Knowledge.Events;

/// <summary>Everything that happens to a knowledge collection's settings. Closed to this assembly.</summary>
public abstract record KnowledgeEvent
{
    private protected KnowledgeEvent()
    {
    }
}
