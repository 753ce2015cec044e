using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>The event-router kind as a member hosts it.</summary>
public static class EventRouterKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<EventRouter.EventRouterBase, EventRouterPartition>(EventRouter.Descriptor, EventRouter.BindService);
}
