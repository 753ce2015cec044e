namespace EDRS.Actors.Inbound.Routing.Events;

/// <summary>What happens to a router partition's own state, its unassigned queue. Closed to this assembly.</summary>
public abstract record EventRouterEvent
{
    private protected EventRouterEvent()
    {
    }
}
