using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Inbound.RoutingTables;

/// <summary>The routing-table kind as a member hosts it.</summary>
public static class RoutingTableKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<RoutingTable.RoutingTableBase, TenantRoutingTable>(RoutingTable.Descriptor, RoutingTable.BindService);
}
