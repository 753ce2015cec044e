namespace EDRS.Actors.Inbound.Routing;

/// <summary>A router partition's durable state: its unassigned queue, highest priority first, oldest first within a level.</summary>
public sealed record EventRouterState(UnassignedQueue Unassigned)
{
    public static readonly EventRouterState Initial = new(UnassignedQueue.Empty);

    public bool IsQueued(string eventId) => Unassigned.Contains(eventId);
}
