using EDRS.Actors.Inbound.Routing.Commands;
using EDRS.Actors.Inbound.Routing.Events;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>
/// A router partition's queue rules, pure: an event is queued once, and leaves the queue once it is routed. Where each
/// event goes is <see cref="RoutingDecider"/>'s choice; the per-event decisions live in each event's own stream. How many
/// new events may wait is the partition's share of <c>Quotas:UnassignedEventsPerTenant</c>, checked before an event is
/// accepted (<see cref="HasRoomFor"/>); work handed back is always queued, never dropped.
/// </summary>
public static class EventRouterDecider
{
    /// <summary>The quota a full unassigned queue names.</summary>
    public const string UnassignedQuota = "Quotas:UnassignedEventsPerTenant";

    public static IReadOnlyList<EventRouterEvent> Decide(EventRouterCommand command, EventRouterState state, DateTimeOffset now) => command switch
    {
        QueueUnassigned c => [.. c.Events
            .Where(e => !state.IsQueued(e.EventId))
            .DistinctBy(e => e.EventId)
            .Select(e => new UnassignedEventQueued(e.EventId, e.EventType, e.Source, e.Priority, now))],
        DequeueRouted c => [.. c.Routed
            .Where(r => state.IsQueued(r.Key))
            .DistinctBy(r => r.Key)
            .Select(r => new UnassignedEventDequeued(r.Key, r.Value, now))],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "A router partition does not know this command."),
    };

    /// <summary>True if <paramref name="more"/> new events may still join the queue of at most <paramref name="capacity"/>.</summary>
    public static bool HasRoomFor(EventRouterState state, int more, int capacity) => state.Unassigned.Count + more <= capacity;

    public static EventRouterState Evolve(EventRouterState state, EventRouterEvent @event) => @event switch
    {
        UnassignedEventQueued e => state with { Unassigned = state.Unassigned.Add(e) },
        UnassignedEventDequeued e => state with { Unassigned = state.Unassigned.Remove(e.EventId) },
        _ => throw new InvalidOperationException($"An event router does not know the event {@event.GetType().Name}."),
    };
}
