using System.Collections;
using System.Collections.Immutable;
using System.Text.Json.Serialization;
using EDRS.Actors.Inbound.Routing.Events;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>
/// A router partition's unassigned queue: highest priority first, oldest first within a level (then by event id, so the
/// order is total and the same on every replay). Kept sorted and indexed by event id, so membership, queueing and
/// dequeueing are O(log n) and folding n queued events is O(n log n) (a list made that O(n) and O(n²)). Written to
/// snapshots as the plain array of queued events it always was, so older snapshots load.
/// </summary>
[JsonConverter(typeof(UnassignedQueueJsonConverter))]
public sealed class UnassignedQueue : IReadOnlyCollection<UnassignedEventQueued>
{
    public static readonly UnassignedQueue Empty = new(
        ImmutableSortedSet<UnassignedEventQueued>.Empty.WithComparer(QueueOrder.Instance),
        ImmutableDictionary<string, UnassignedEventQueued>.Empty.WithComparers(StringComparer.Ordinal));

    private readonly ImmutableSortedSet<UnassignedEventQueued> _ordered;
    private readonly ImmutableDictionary<string, UnassignedEventQueued> _byId;

    private UnassignedQueue(ImmutableSortedSet<UnassignedEventQueued> ordered, ImmutableDictionary<string, UnassignedEventQueued> byId) =>
        (_ordered, _byId) = (ordered, byId);

    public int Count => _byId.Count;

    public bool Contains(string eventId) => _byId.ContainsKey(eventId);

    /// <summary>The queue with <paramref name="queued"/> in its place; unchanged if its event is queued already.</summary>
    public UnassignedQueue Add(UnassignedEventQueued queued) =>
        Contains(queued.EventId) ? this : new(_ordered.Add(queued), _byId.Add(queued.EventId, queued));

    /// <summary>The queue without <paramref name="eventId"/>; unchanged if it is not queued.</summary>
    public UnassignedQueue Remove(string eventId) =>
        _byId.TryGetValue(eventId, out var queued) ? new(_ordered.Remove(queued), _byId.Remove(eventId)) : this;

    /// <summary>Up to <paramref name="limit"/> events in queue order after <paramref name="cursor"/> (null: from the start), and whether more follow.</summary>
    public (IReadOnlyList<UnassignedEventQueued> Page, bool More) Page(UnassignedCursor? cursor, int limit)
    {
        // The sorted set finds where the cursor falls by binary search, and reads by index in O(log n).
        var start = 0;
        if (cursor is not null)
        {
            var found = _ordered.IndexOf(new UnassignedEventQueued(cursor.EventId, "", "", cursor.Priority, cursor.QueuedAt));
            start = found >= 0 ? found + 1 : ~found;
        }
        var end = Math.Min(_ordered.Count, start + limit);
        var page = new List<UnassignedEventQueued>(Math.Max(0, end - start));
        for (var i = start; i < end; i++)
            page.Add(_ordered[i]);
        return (page, end < _ordered.Count);
    }

    public IEnumerator<UnassignedEventQueued> GetEnumerator() => _ordered.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static UnassignedQueue From(IEnumerable<UnassignedEventQueued> events)
    {
        var queue = Empty;
        foreach (var queued in events)
            queue = queue.Add(queued);
        return queue;
    }
}
