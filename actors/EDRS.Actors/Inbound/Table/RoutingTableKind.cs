using EDRS.Grains.Runtime;
using Contract = EDRS.Grains.Contracts.Events.RoutingTable;

namespace EDRS.Actors.Inbound.Table;

/// <summary>The routing-table kind as a member hosts it.</summary>
public static class RoutingTableKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<Contract.RoutingTableBase, RoutingTableGrain>(Contract.Descriptor, Contract.BindService);
}
