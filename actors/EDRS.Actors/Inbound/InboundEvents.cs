using EDRS.Actors.Inbound.History.Events;
using EDRS.Actors.Inbound.Routing.Events;
using EDRS.Actors.Inbound.RoutingTables.Events;
using EDRS.Persistence.EventTypes;

namespace EDRS.Actors.Inbound;

/// <summary>The stored names of the inbound side's domain events. Never change a name once it has been used.</summary>
public static class InboundEvents
{
    public static EventTypeMap MapEventRoutingEvents(this EventTypeMap map) => map
        .Map<EventReceived>("event_received")
        .Map<EventRouted>("event_routed")
        .Map<EventUnassigned>("event_unassigned")
        .Map<UnassignedEventQueued>("unassigned_event_queued")
        .Map<UnassignedEventDequeued>("unassigned_event_dequeued")
        .Map<PersonaRoutingRegistered>("persona_routing_registered");

    /// <summary>
    /// Routing events that leave the cluster. A routed event is published as the persona's <c>persona.work_assigned</c>;
    /// an event nobody handles as <c>event.unassigned</c>.
    /// </summary>
    public static EventTypeMap PublishEventRoutingEvents(this EventTypeMap map) => map
        .Publish<EventUnassigned>("event.unassigned");
}
