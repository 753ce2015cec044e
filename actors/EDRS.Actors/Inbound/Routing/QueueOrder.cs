using EDRS.Actors.Inbound.Routing.Events;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>The order of an unassigned queue: highest priority first, then oldest first, then by event id (a total order).</summary>
public sealed class QueueOrder : IComparer<UnassignedEventQueued>
{
    public static readonly QueueOrder Instance = new();

    public int Compare(UnassignedEventQueued? x, UnassignedEventQueued? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return -1;
        if (y is null)
            return 1;
        var byPriority = y.Priority.CompareTo(x.Priority);
        if (byPriority != 0)
            return byPriority;
        var byAge = x.QueuedAt.CompareTo(y.QueuedAt);
        return byAge != 0 ? byAge : string.CompareOrdinal(x.EventId, y.EventId);
    }
}
