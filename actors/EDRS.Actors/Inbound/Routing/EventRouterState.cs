using System.Collections.Immutable;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>A router partition's durable state: its unassigned queue, highest priority first, oldest first within a level.</summary>
public sealed record EventRouterState(ImmutableList<UnassignedEventQueued> Unassigned)
{
    public static readonly EventRouterState Initial = new(ImmutableList<UnassignedEventQueued>.Empty);

    public bool IsQueued(string eventId) => Unassigned.Exists(e => e.EventId == eventId);

    public static EventRouterState Evolve(EventRouterState state, object @event) => @event switch
    {
        UnassignedEventQueued e when state.IsQueued(e.EventId) => state,
        UnassignedEventQueued e => state with { Unassigned = Insert(state.Unassigned, e) },
        UnassignedEventDequeued e => state with { Unassigned = state.Unassigned.RemoveAll(q => q.EventId == e.EventId) },
        _ => throw new InvalidOperationException($"An event router does not know the event {@event.GetType().Name}."),
    };

    private static ImmutableList<UnassignedEventQueued> Insert(ImmutableList<UnassignedEventQueued> queue, UnassignedEventQueued e)
    {
        var index = queue.FindIndex(q => q.Priority < e.Priority);
        return index < 0 ? queue.Add(e) : queue.Insert(index, e);
    }
}
