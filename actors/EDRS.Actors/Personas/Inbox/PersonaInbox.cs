using System.Collections.Immutable;

namespace EDRS.Actors.Personas.Inbox;

/// <summary>
/// A persona's open work, kept in the order it is served: CRITICAL > HIGH > NORMAL > LOW, first assigned first
/// within a level; and the ids of recently closed work with the routing decision they were closed under, so a
/// re-delivered assignment is recognised; of those, the ones the persona handed back (<paramref name="Returned"/>), so a
/// repeated hand-back answers again and a re-delivery tells the router to route them on.
/// </summary>
/// <param name="Returned">Closed items that were handed back; null in snapshots written before it was kept (read as none).</param>
public sealed record PersonaInbox(
    ImmutableList<InboxItem> Items,
    ImmutableDictionary<string, long> Open,
    ImmutableDictionary<string, long> Closed,
    ImmutableList<string> ClosedOrder,
    long LastSeq,
    ImmutableHashSet<string>? Returned = null)
{
    private static readonly ImmutableHashSet<string> NoneReturned = ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal);

    public static readonly PersonaInbox Empty = new(
        [],
        ImmutableDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal),
        [],
        0,
        NoneReturned);

    /// <summary>True if the assignment of <paramref name="eventId"/> under <paramref name="decision"/> is already held or was closed.</summary>
    public bool Knows(string eventId, long decision) =>
        Open.ContainsKey(eventId) || (Closed.TryGetValue(eventId, out var closedAt) && closedAt >= decision);

    /// <summary>True if the persona handed <paramref name="eventId"/> back (and it has not come back to it since).</summary>
    public bool WasReturned(string eventId) => Returned?.Contains(eventId) == true;

    public PersonaInbox Add(InboxItem item)
    {
        // Items are sorted by priority (highest first), then by Seq; a new item has the highest Seq, so it goes
        // after the last item of its priority or higher.
        int lo = 0, hi = Items.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Items[mid].Priority >= item.Priority)
                lo = mid + 1;
            else
                hi = mid;
        }
        return this with
        {
            Items = Items.Insert(lo, item),
            Open = Open.SetItem(item.EventId, item.Decision),
            LastSeq = Math.Max(LastSeq, item.Seq),
            Returned = Returned?.Remove(item.EventId),
        };
    }

    /// <summary>Where the items after (<paramref name="priority"/>, <paramref name="seq"/>) start, in serving order (binary search).</summary>
    public static int IndexAfter(ImmutableList<InboxItem> items, Inbound.Work.WorkPriority priority, long seq)
    {
        int lo = 0, hi = items.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var item = items[mid];
            if (item.Priority > priority || (item.Priority == priority && item.Seq <= seq))
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    public InboxItem? Find(string eventId) =>
        Open.ContainsKey(eventId) ? Items.Find(i => i.EventId == eventId) : null;

    /// <param name="eventId">The open item.</param>
    /// <param name="remember">How many closed items to remember.</param>
    /// <param name="returned">True: handed back; false: done.</param>
    public PersonaInbox Close(string eventId, int remember, bool returned)
    {
        if (!Open.TryGetValue(eventId, out var decision))
            return this;
        var index = Items.FindIndex(i => i.EventId == eventId);
        var closed = Closed.SetItem(eventId, decision);
        var order = Closed.ContainsKey(eventId) ? ClosedOrder : ClosedOrder.Add(eventId);
        var handedBack = Returned ?? NoneReturned;
        handedBack = returned ? handedBack.Add(eventId) : handedBack.Remove(eventId);
        while (order.Count > remember)
        {
            closed = closed.Remove(order[0]);
            handedBack = handedBack.Remove(order[0]);
            order = order.RemoveAt(0);
        }
        return this with
        {
            Items = index >= 0 ? Items.RemoveAt(index) : Items,
            Open = Open.Remove(eventId),
            Closed = closed,
            ClosedOrder = order,
            Returned = handedBack,
        };
    }
}
