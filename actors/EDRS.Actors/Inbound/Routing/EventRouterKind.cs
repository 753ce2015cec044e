using EDRS.Grains.Runtime;
using Contract = EDRS.Grains.Contracts.Events.EventRouter;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>The event-router kind as a member hosts it.</summary>
public static class EventRouterKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<Contract.EventRouterBase, EventRouterGrain>(Contract.Descriptor, Contract.BindService);
}
