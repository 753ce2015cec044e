namespace EDRS.Actors.WorkingMemory.Events;

/// <summary>Everything that happens to a persona's working memory. Closed to this assembly.</summary>
public abstract record WorkingMemoryEvent
{
    private protected WorkingMemoryEvent()
    {
    }
}
