namespace EDRS.Actors.Tasks.Events;

/// <summary>Everything that happens to a task. Closed: only this assembly declares task events.</summary>
public abstract record TaskEvent
{
    private protected TaskEvent()
    {
    }
}
