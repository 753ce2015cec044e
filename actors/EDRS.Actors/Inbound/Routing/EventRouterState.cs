using System.Collections.Immutable;
using EDRS.Actors.Inbound.Routing.Events;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>A router partition's durable state: its unassigned queue, highest priority first, oldest first within a level.</summary>
public sealed record EventRouterState(ImmutableList<UnassignedEventQueued> Unassigned)
{
    public static readonly EventRouterState Initial = new(ImmutableList<UnassignedEventQueued>.Empty);

    public bool IsQueued(string eventId) => Unassigned.Exists(e => e.EventId == eventId);
}
