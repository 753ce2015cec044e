namespace EDRS.Actors.Inbound.Routing.Commands;

/// <summary>What changes a router partition's own state, its unassigned queue. Closed to this assembly.</summary>
public abstract record EventRouterCommand
{
    private protected EventRouterCommand()
    {
    }
}
