namespace EDRS.Actors.Memory.Events;

/// <summary>Everything that happens to a persona's long-term memory. Closed to this assembly.</summary>
public abstract record MemoryEvent
{
    private protected MemoryEvent()
    {
    }
}
