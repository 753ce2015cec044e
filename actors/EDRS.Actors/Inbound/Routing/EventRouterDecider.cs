using System.Collections.Immutable;
using EDRS.Actors.Inbound.Routing.Commands;
using EDRS.Actors.Inbound.Routing.Events;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>
/// A router partition's queue rules, pure: an event is queued once, and leaves the queue once it is routed. Where each
/// event goes is <see cref="RoutingDecider"/>'s choice; the per-event decisions live in each event's own stream.
/// </summary>
public static class EventRouterDecider
{
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

    public static EventRouterState Evolve(EventRouterState state, EventRouterEvent @event) => @event switch
    {
        UnassignedEventQueued e when state.IsQueued(e.EventId) => state,
        UnassignedEventQueued e => state with { Unassigned = Insert(state.Unassigned, e) },
        UnassignedEventDequeued e => state with { Unassigned = state.Unassigned.RemoveAll(q => q.EventId == e.EventId) },
        _ => throw new InvalidOperationException($"An event router does not know the event {@event.GetType().Name}."),
    };

    private static ImmutableList<UnassignedEventQueued> Insert(
        ImmutableList<UnassignedEventQueued> queue, UnassignedEventQueued e)
    {
        var index = queue.FindIndex(q => q.Priority < e.Priority);
        return index < 0 ? queue.Add(e) : queue.Insert(index, e);
    }
}
