using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Inbound;

/// <summary>Typed access to the event router partitions and the routing table of a tenant.</summary>
public static class InboundClients
{
    public static EventRouter.EventRouterClient EventRouter(this GrainClients clients, string tenant, int partition) =>
        new(clients.Invoker(Grains.Contracts.Events.EventRouter.Descriptor, tenant, EventIdentities.RouterKey(partition)));

    public static RoutingTable.RoutingTableClient RoutingTable(this GrainClients clients, string tenant) =>
        new(clients.Invoker(Grains.Contracts.Events.RoutingTable.Descriptor, tenant, EventIdentities.RoutingTableKey));
}
