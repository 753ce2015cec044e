namespace EDRS.Actors.Inbound.History.Events;

/// <summary>A routing decision about an inbound event: routed to a persona, or unassigned.</summary>
public abstract record RoutingDecision : InboundEventRecord
{
    private protected RoutingDecision()
    {
    }
}
