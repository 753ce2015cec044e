namespace EDRS.Actors.Sessions.Events;

/// <summary>Everything that happens in a session. Closed to this assembly.</summary>
public abstract record SessionEvent
{
    private protected SessionEvent()
    {
    }
}
