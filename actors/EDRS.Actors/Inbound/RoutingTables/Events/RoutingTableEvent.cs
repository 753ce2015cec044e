namespace EDRS.Actors.Inbound.RoutingTables.Events;

/// <summary>What happens to a tenant's routing table. Closed to this assembly.</summary>
public abstract record RoutingTableEvent
{
    private protected RoutingTableEvent()
    {
    }
}
