using System.Collections.Immutable;

namespace EDRS.Actors.Memory;

/// <summary>
/// A persona's long-term memory as folded from its events: every memory it holds by id (deleted, expired and erased ones
/// are gone; superseded ones stay, marked), the origins mirrored memories came from, how far the persona's facts have
/// been mirrored, and the embedding model the vectors belong to.
/// </summary>
public sealed record MemoryState(
    ImmutableSortedDictionary<long, MemoryEntry> Entries,
    long LastId,
    ImmutableDictionary<string, long> Origins,
    long FactsMirroredThrough,
    string Model)
{
    public static readonly MemoryState Initial = new(
        ImmutableSortedDictionary<long, MemoryEntry>.Empty,
        0,
        ImmutableDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal),
        0,
        "");

    public MemoryEntry? Find(long id) => Entries.GetValueOrDefault(id);

    /// <summary>The memory that mirrors <paramref name="origin"/> (e.g. <c>fact:12</c>), if it is still held.</summary>
    public MemoryEntry? FindOrigin(string origin) => Origins.TryGetValue(origin, out var id) ? Find(id) : null;

    /// <summary>The memories that had occurred by <paramref name="asOf"/>.</summary>
    public IEnumerable<MemoryEntry> OccurredBy(DateTimeOffset asOf) => Entries.Values.Where(e => e.OccurredAt <= asOf);

    /// <summary>True when a memory that updates <paramref name="entry"/> had occurred by <paramref name="asOf"/>.</summary>
    public bool IsSupersededAt(MemoryEntry entry, DateTimeOffset asOf) =>
        entry.SupersededBy.Any(id => Find(id) is { } newer && newer.OccurredAt <= asOf);

    /// <summary>The memories that update <paramref name="entry"/> and had occurred by <paramref name="asOf"/>, oldest first.</summary>
    public IEnumerable<MemoryEntry> SuccessorsAt(MemoryEntry entry, DateTimeOffset asOf) =>
        entry.SupersededBy.Select(Find).OfType<MemoryEntry>().Where(e => e.OccurredAt <= asOf).OrderBy(e => e.OccurredAt);

    /// <summary>The memories <paramref name="entry"/> updates, newest first.</summary>
    public IEnumerable<MemoryEntry> PredecessorsOf(MemoryEntry entry) =>
        entry.Supersedes.Select(Find).OfType<MemoryEntry>().OrderByDescending(e => e.OccurredAt);

    /// <summary>The episodes whose retention has run out at <paramref name="now"/> (importance at least <paramref name="keepFrom"/> are kept).</summary>
    public IEnumerable<MemoryEntry> ExpiredAt(DateTimeOffset now, TimeSpan retention, int keepFrom) =>
        Entries.Values.Where(e => IsMortal(e, keepFrom) && e.OccurredAt + retention <= now);

    /// <summary>When the next episode's retention runs out (null: none will).</summary>
    public DateTimeOffset? NextExpiry(TimeSpan retention, int keepFrom)
    {
        DateTimeOffset? next = null;
        foreach (var entry in Entries.Values)
        {
            if (IsMortal(entry, keepFrom) && (next is null || entry.OccurredAt + retention < next))
                next = entry.OccurredAt + retention;
        }
        return next;
    }

    private static bool IsMortal(MemoryEntry entry, int keepFrom) => entry.IsEpisode && entry.Importance < keepFrom;
}
