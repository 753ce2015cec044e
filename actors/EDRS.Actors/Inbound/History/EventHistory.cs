using EDRS.Actors.Inbound.History.Events;
using EDRS.Grains.Contracts.Events;

namespace EDRS.Actors.Inbound.History;

/// <summary>An event's own stream, folded: what it was, the receipt it got, and the latest routing decision.</summary>
public sealed record EventHistory(EventReceived Received, EventReceipt Receipt, RoutingDecision LatestDecision, long LatestDecisionVersion, long Version)
{
    /// <summary>The persona the event is routed to now, or null while it is unassigned.</summary>
    public string? RoutedTo => LatestDecision is EventRouted routed ? routed.PersonaId : null;

    public DateTimeOffset DecidedAt => LatestDecision switch
    {
        EventRouted r => r.RoutedAt,
        EventUnassigned u => u.UnassignedAt,
        _ => Received.AcceptedAt,
    };
}
